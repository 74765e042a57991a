"""Invitation lists: import, codes (issue, revoke, reissue), e-mail, code sheets, purge."""

import re
from datetime import date

import pytest
import segno
from django.core import mail
from django.utils import translation

from delaktig.audit.models import AuditEvent
from delaktig.core.codes import ALPHABET, VOTING_CODE
from delaktig.core.errors import Conflict, InvalidInput, NotAllowed
from delaktig.eligibility import code_sheet
from delaktig.eligibility.links import code_url
from delaktig.eligibility.models import CensusEntry, Invitation, RollFile
from delaktig.eligibility.services import (
    code_use,
    invitation_list,
    issuing,
    personal_data,
    roll_files,
    sending,
)
from delaktig.eligibility.tables import FileHasErrors
from delaktig.processes.tests.factories import AreaFactory

from .factories import CensusEntryFactory, InvitationFactory, colleague, csv_file, xlsx_file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _swedish():
    with translation.override("sv"):
        yield


@pytest.fixture
def school(make_round):
    budget_round = make_round("propose")
    return budget_round, AreaFactory(budget_round=budget_round, name="Norr")


class TestCodes:
    def test_codes_are_long_random_and_unambiguous(self):
        made = {VOTING_CODE.generate() for _ in range(200)}
        assert len(made) == 200
        for code in made:
            assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
            assert not set(code) & set("01IO")
        assert len(ALPHABET) ** VOTING_CODE.length >= 2**60

    def test_typing_variants_give_the_same_hash(self):
        code = VOTING_CODE.generate()
        assert VOTING_CODE.keyed_hash(code.lower().replace("-", " ")) == VOTING_CODE.keyed_hash(
            code
        )
        assert VOTING_CODE.keyed_hash("ABCD-EFGH-JK2") is None
        assert VOTING_CODE.keyed_hash("ABCD-EFGH-JK2O") is None


class TestImport:
    def test_csv_import_adds_people_without_codes(self, school, official):
        budget_round, north = school
        upload = csv_file(
            "namn,e-post,område,födelsedatum,grupp\n"
            "Alva Ek,alva@example.se,Norr,2012-03-04,7B\n"
            "Bo Ek,,norr,,7B\n"
        )
        added = invitation_list.import_invitations(
            approved_by=colleague(), by=official, budget_round=budget_round, uploaded=upload
        )
        assert [i.name for i in added] == ["Alva Ek", "Bo Ek"]
        alva = Invitation.objects.get(name="Alva Ek")
        assert alva.area == north and alva.group == "7B" and alva.birth_date == date(2012, 3, 4)
        assert alva.code_hash is None
        assert AuditEvent.objects.get(action="invitations.imported").data["invitations"] == 2

    def test_xlsx_import(self, school, official):
        budget_round, _north = school
        upload = xlsx_file([["Namn", "Område", "Grupp"], ["Cia", "Norr", "Verkstaden"]])
        invitation_list.import_invitations(
            approved_by=colleague(), by=official, budget_round=budget_round, uploaded=upload
        )
        assert Invitation.objects.get().group == "Verkstaden"

    def test_bad_rows_reported_and_nothing_imported(self, school, official):
        budget_round, _north = school
        InvitationFactory(budget_round=budget_round, email="taken@example.se")
        upload = csv_file(
            "namn,e-post,område,födelsedatum\n"
            "Ok,,Norr,\n"
            ",,Norr,\n"
            "Dan,inte-en-adress,Norr,\n"
            "Eva,taken@example.se,Norr,\n"
            "Fia,fia@example.se,Norr,2012-13-01\n"
            "Gun,fia@example.se,Norr,03/04/2012\n"
            "Hans,,Norr,2999-01-01\n"
        )
        with pytest.raises(FileHasErrors) as raised:
            invitation_list.import_invitations(
                approved_by=colleague(), by=official, budget_round=budget_round, uploaded=upload
            )
        assert [str(e) for e in raised.value.errors] == [
            "Rad 3, kolumn namn: namnet saknas",
            "Rad 4, kolumn e-post: det här är ingen e-postadress",
            "Rad 5, kolumn e-post: e-postadressen finns redan i listan",
            "Rad 6, kolumn födelsedatum: datumet finns inte",
            "Rad 7, kolumn e-post: samma e-postadress finns redan på rad 6",
            "Rad 7, kolumn födelsedatum: skriv datumet som ÅÅÅÅ-MM-DD",
            "Rad 8, kolumn födelsedatum: födelsedatumet ligger i framtiden",
        ]
        assert Invitation.objects.filter(budget_round=budget_round).count() == 1


class TestIssueRevokeReissue:
    def test_issue_stores_only_hashes_and_returns_the_codes_once(self, school, official):
        budget_round, north = school
        people = InvitationFactory.create_batch(3, budget_round=budget_round, area=north)
        issued = issuing.issue_codes(by=official, budget_round=budget_round, invitations=people)
        assert len(issued) == 3
        for item in issued:
            item.invitation.refresh_from_db()
            assert item.invitation.code_hash == VOTING_CODE.keyed_hash(item.code)
            assert item.code not in item.invitation.code_hash
        event = AuditEvent.objects.get(action="invitations.codes_issued")
        assert event.data["count"] == 3 and event.actor == official
        assert not any(i.code in str(event.data) for i in issued)

    def test_issuing_again_kills_the_old_code(self, school, official):
        budget_round, _north = school
        person = InvitationFactory(budget_round=budget_round)
        [first] = issuing.issue_codes(by=official, budget_round=budget_round, invitations=[person])
        [second] = issuing.issue_codes(by=official, budget_round=budget_round, invitations=[person])
        assert first.code != second.code
        assert not Invitation.objects.filter(code_hash=VOTING_CODE.keyed_hash(first.code)).exists()

    def test_revoked_invitations_get_no_codes_until_reissued(self, school, official):
        budget_round, _north = school
        person = InvitationFactory(budget_round=budget_round)
        issuing.revoke_invitation(by=official, invitation=person)
        assert (
            issuing.issue_codes(by=official, budget_round=budget_round, invitations=[person]) == []
        )
        with pytest.raises(Conflict):
            issuing.revoke_invitation(by=official, invitation=person)
        reissued = issuing.reissue_code(by=official, invitation=person)
        person.refresh_from_db()
        assert person.revoked_at is None and person.code_hash == VOTING_CODE.keyed_hash(
            reissued.code
        )
        assert list(AuditEvent.objects.values_list("action", flat=True).order_by("pk")) == [
            "invitation.revoked",
            "invitations.codes_issued",
            "invitation.reissued",
        ]

    def test_officials_decisions_are_logged_without_the_persons_name(self, school, official):
        budget_round, _north = school
        person = InvitationFactory(budget_round=budget_round, name="Alva Ek", email="alva@ex.se")
        issuing.revoke_invitation(by=official, invitation=person)
        issuing.reissue_code(by=official, invitation=person)
        sending.mark_sent(person)
        events = AuditEvent.objects.filter(object_type="eligibility.invitation")
        assert sorted(e.action for e in events) == [
            "invitation.emailed",
            "invitation.reissued",
            "invitation.revoked",
        ]
        for event in events:
            assert event.object_id == str(person.pk) and event.object_repr == f"#{person.pk}"
            assert event.round_id == budget_round.pk
            assert "Alva" not in str(event.data) + event.object_repr
        assert {e.actor for e in events if e.action != "invitation.emailed"} == {official}

    def test_only_officials(self, school, resident):
        budget_round, _north = school
        person = InvitationFactory(budget_round=budget_round)
        with pytest.raises(NotAllowed):
            issuing.issue_codes(by=resident, budget_round=budget_round, invitations=[person])
        with pytest.raises(NotAllowed):
            issuing.revoke_invitation(by=resident, invitation=person)
        with pytest.raises(NotAllowed):
            issuing.reissue_code(by=resident, invitation=person)


class TestEmail:
    def test_each_email_carries_a_new_code_and_a_personal_link(
        self, school, official, settings, django_capture_on_commit_callbacks
    ):
        settings.SITE_URL = "https://delaktig.example.se"
        budget_round, _north = school
        with_email = InvitationFactory(budget_round=budget_round, email="alva@example.se")
        without = InvitationFactory(budget_round=budget_round)
        revoked = InvitationFactory(budget_round=budget_round, email="x@example.se")
        issuing.revoke_invitation(by=official, invitation=revoked)
        with django_capture_on_commit_callbacks(execute=True):
            sent = sending.send_invitations(
                by=official, budget_round=budget_round, invitations=[with_email, without, revoked]
            )
        assert sent == 1 and len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["alva@example.se"]
        assert budget_round.name in message.subject
        # The code is in the fragment, never sent to the server (no code in access logs).
        link = re.search(r"https://delaktig.example.se/rostkod/#([A-Z2-9-]+)\b", message.body)
        assert link, message.body
        with_email.refresh_from_db()
        assert with_email.code_hash == VOTING_CODE.keyed_hash(link.group(1))
        assert with_email.sent_at is not None
        assert "Du är inbjuden att rösta" in message.body

    def test_the_subject_is_plain_text_not_html(
        self, school, official, django_capture_on_commit_callbacks
    ):
        """Security review, issue 9, finding 16: subjects were HTML-escaped (&amp; &lt;)."""
        budget_round, _north = school
        budget_round.name = "Å & Ö <x> \"1\" 'a'"
        budget_round.save()
        invitation = InvitationFactory(budget_round=budget_round, email="alva@example.se")
        with django_capture_on_commit_callbacks(execute=True):
            sending.send_invitations(
                by=official, budget_round=budget_round, invitations=[invitation]
            )
        assert "Å & Ö <x> \"1\" 'a'" in mail.outbox[0].subject
        assert "&amp;" not in mail.outbox[0].subject


class TestCodeSheet:
    @pytest.mark.parametrize(("people", "pages"), [(1, 1), (4, 1), (5, 2), (9, 3)])
    def test_pdf_has_one_page_per_four_codes(self, school, official, people, pages):
        budget_round, north = school
        invitations = InvitationFactory.create_batch(
            people, budget_round=budget_round, area=north, group="7B"
        )
        issued = issuing.issue_codes(
            by=official, budget_round=budget_round, invitations=invitations
        )
        pdf = code_sheet.code_sheet_pdf(budget_round, issued)
        assert pdf.startswith(b"%PDF")
        assert len(re.findall(rb"/Type /Page\b(?!s)", pdf)) == pages
        assert code_sheet.SLIPS_PER_PAGE == 4

    @pytest.mark.parametrize("code", ["ABCD-EFGH-JK23", None])
    def test_the_qr_code_is_the_link_module_for_module(self, code):
        url = code_url(code)
        size, runs = code_sheet.qr_runs(url)
        drawn = [[False] * size for _ in range(size)]
        for row, column, length in runs:
            assert length > 0 and column + length <= size
            for c in range(column, column + length):
                assert not drawn[row][c]  # runs do not overlap
                drawn[row][c] = True
        expected = segno.make_qr(url, error="m", boost_error=False)
        assert drawn == [[bool(m) for m in row] for row in expected.matrix]
        assert expected.designator.endswith("-M")  # error correction M: a worn slip still scans


class TestCodeSheets:
    """The task queue makes codes and their sheet in one transaction; the sheet is handed over
    once. A sheet that fails changes no code."""

    def make(self, official, budget_round, invitations):
        job = roll_files.queue_code_sheet(
            by=official, budget_round=budget_round, invitations=invitations
        )
        return roll_files.read_roll_job(job.pk) if job is not None else None

    def test_the_sheet_holds_the_new_codes_and_is_handed_over_once(self, school, official):
        budget_round, north = school
        people = InvitationFactory.create_batch(2, budget_round=budget_round, area=north)
        job = self.make(official, budget_round, people)
        assert job.status == RollFile.Status.DONE and job.count == 2
        assert b"%PDF" not in bytes(job.content)  # kept encrypted until downloaded
        assert Invitation.objects.filter(code_hash__isnull=False).count() == 2
        pdf = roll_files.take_code_sheet(job)
        assert pdf.startswith(b"%PDF")
        job.refresh_from_db()
        assert bytes(job.content) == b"" and job.downloaded_at is not None
        with pytest.raises(Conflict, match="redan laddats ner"):
            roll_files.take_code_sheet(job)
        assert self.make(official, budget_round, []) is None

    def test_a_sheet_that_fails_leaves_the_handed_out_codes_working(
        self, school, official, monkeypatch
    ):
        budget_round, _north = school
        person = InvitationFactory(budget_round=budget_round)
        [handed_out] = issuing.issue_codes(
            by=official, budget_round=budget_round, invitations=[person]
        )

        def broken(*_args):
            raise MemoryError("the sheet could not be made")

        monkeypatch.setattr(roll_files, "code_sheet_pdf", broken)
        monkeypatch.setattr(issuing, "code_sheet_pdf", broken)
        job = self.make(official, budget_round, [person])
        assert job.status == RollFile.Status.FAILED and bytes(job.content) == b""
        with pytest.raises(MemoryError):
            issuing.reprint_code(by=official, invitation=person)
        person.refresh_from_db()
        assert person.code_hash == VOTING_CODE.keyed_hash(handed_out.code)
        assert AuditEvent.objects.filter(action="invitations.codes_issued").count() == 1
        assert not AuditEvent.objects.filter(action="invitation.reissued").exists()

    def test_too_many_codes_at_once_are_refused_with_advice(self, school, official, monkeypatch):
        budget_round, _north = school
        InvitationFactory.create_batch(3, budget_round=budget_round)
        monkeypatch.setattr(roll_files, "MAX_CODES_PER_SHEET", 2)
        with pytest.raises(InvalidInput, match="Högst 2 koder kan skrivas ut åt gången"):
            roll_files.queue_code_sheet(
                by=official,
                budget_round=budget_round,
                invitations=Invitation.objects.filter(budget_round=budget_round),
            )
        assert not RollFile.objects.exists()
        assert not Invitation.objects.filter(code_hash__isnull=False).exists()

    def test_only_officials(self, school, resident):
        budget_round, _north = school
        with pytest.raises(NotAllowed):
            roll_files.queue_code_sheet(
                by=resident,
                budget_round=budget_round,
                invitations=[InvitationFactory(budget_round=budget_round)],
            )


class TestPurge:
    def test_purge_deletes_census_and_invitations_but_keeps_voters(self, school, official):
        budget_round, _north = school
        CensusEntryFactory(budget_round=budget_round)
        person = InvitationFactory(budget_round=budget_round)
        [issued] = issuing.issue_codes(by=official, budget_round=budget_round, invitations=[person])
        voter = code_use.redeem_code(code=issued.code).voter
        assert personal_data.purge_round(budget_round, dry_run=True) == {
            "census": 1,
            "invitations": 1,
        }
        assert CensusEntry.objects.count() == 1
        assert personal_data.purge_round(budget_round) == {"census": 1, "invitations": 1}
        assert not CensusEntry.objects.exists() and not Invitation.objects.exists()
        voter.refresh_from_db()
        assert AuditEvent.objects.filter(action="eligibility.purged").exists()

    def test_after_the_purge_the_log_cannot_say_who_used_a_code(self, school, official):
        budget_round, _north = school
        person = InvitationFactory(budget_round=budget_round, name="Alva Ek", email="alva@ex.se")
        [issued] = issuing.issue_codes(by=official, budget_round=budget_round, invitations=[person])
        voter = code_use.redeem_code(code=issued.code).voter
        used = AuditEvent.objects.get(action="invitation.used")
        assert used.actor_id is None and used.data == {}
        assert (used.object_type, used.object_id) == ("eligibility.invitation", str(person.pk))
        personal_data.purge_round(budget_round)
        # The event's only link to a person was the invitation, and it is gone.
        assert not Invitation.objects.filter(pk=used.object_id).exists()
        assert not AuditEvent.objects.filter(actor=voter).exists()
        assert not any("Alva" in e.object_repr + str(e.data) for e in AuditEvent.objects.all())
