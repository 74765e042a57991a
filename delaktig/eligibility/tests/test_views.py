"""Code entry (form and personal link), rate limit, and the officials' pages."""

import re

import pytest
from django.urls import reverse

from delaktig.accounts.models import User
from delaktig.accounts.tests.factories import UserFactory
from delaktig.approvals.models import Approval
from delaktig.audit.models import AuditEvent
from delaktig.core.codes import VOTING_CODE
from delaktig.eligibility.models import CensusEntry, Invitation, RollFile, RoundEligibility
from delaktig.eligibility.services import code_use, issuing, roll_files
from delaktig.eligibility.views import CODE_RATE
from delaktig.processes.tests.factories import AreaFactory
from delaktig.processes.timeline import move_to

from .factories import (
    ANNA,
    InvitationFactory,
    RoundEligibilityFactory,
    ballot_box,
    colleague,
    csv_file,
    invitation_with_code,
)

pytestmark = pytest.mark.django_db

ENTER = reverse("eligibility:enter")


def session_user(client):
    return int(client.session["_auth_user_id"]) if "_auth_user_id" in client.session else None


@pytest.fixture
def invited(make_round):
    budget_round = make_round("vote")
    RoundEligibilityFactory(budget_round=budget_round, use_invitations=True)
    invitation, code = invitation_with_code(
        budget_round=budget_round, name="Alva Ek", email="alva@example.se"
    )
    return budget_round, invitation, code


class TestCodeEntry:
    def test_a_code_signs_in_a_new_voter_and_goes_to_the_ballot(self, client, invited):
        budget_round, invitation, code = invited
        response = client.post(ENTER, {"code": code.lower()})
        assert response.status_code == 302
        assert response.url == reverse("voting:ballot", kwargs={"slug": budget_round.slug})
        invitation.refresh_from_db()
        voter = invitation.voter
        assert voter.full_name == "Alva Ek" and voter.email == "alva@example.se"
        assert not voter.has_usable_password()
        assert invitation.used_at is not None
        assert session_user(client) == voter.pk
        event = AuditEvent.objects.get(action="invitation.used")
        # The log is kept for ever: it names the invitation by number, never the voter.
        assert event.actor_id is None
        assert event.object_id == str(invitation.pk) and event.object_repr == f"#{invitation.pk}"
        assert event.data == {}
        assert "Alva" not in event.object_repr and "alva@" not in event.object_repr

    @pytest.mark.parametrize("dash", ["\u2013", "\u2014", "\u2212"], ids=["en", "em", "minus"])
    def test_a_code_pasted_with_another_dash_signs_in(self, client, invited, dash):
        _round, invitation, code = invited
        response = client.post(ENTER, {"code": code.replace("-", dash)})
        assert response.status_code == 302
        invitation.refresh_from_db()
        assert session_user(client) == invitation.voter_id is not None

    def test_the_same_code_again_is_the_same_voter(self, client, invited, django_user_model):
        _round, invitation, code = invited
        client.post(ENTER, {"code": code})
        first_use = Invitation.objects.get().used_at
        client.logout()
        response = client.post(reverse("eligibility:link", kwargs={"code": code}), {"code": code})
        assert response.status_code == 302
        invitation.refresh_from_db()
        assert invitation.used_at == first_use  # first use only
        assert session_user(client) == invitation.voter_id
        assert django_user_model.objects.filter(invitations=invitation).count() == 1
        assert AuditEvent.objects.filter(action="invitation.used").count() == 1

    def test_taken_email_gets_a_placeholder_address(self, client, invited, resident):
        _round, invitation, code = invited
        Invitation.objects.filter(pk=invitation.pk).update(email=resident.email)
        client.post(ENTER, {"code": code})
        invitation.refresh_from_db()
        assert invitation.voter != resident
        assert re.fullmatch(r"inv-[0-9a-f]{32}@inbjudan\.invalid", invitation.voter.email)

    def test_area_code_goes_straight_to_its_ballot_box(self, client, make_round):
        budget_round = make_round("vote")
        north = AreaFactory(budget_round=budget_round)
        box = ballot_box(budget_round, north)
        _invitation, code = invitation_with_code(budget_round=budget_round, area=north)
        response = client.post(ENTER, {"code": code})
        assert response.url == reverse(
            "voting:box", kwargs={"slug": budget_round.slug, "box_id": box.pk}
        )

    def test_wrong_code(self, client, invited):
        response = client.post(ENTER, {"code": "ABCD-EFGH-JKLM"})
        assert response.status_code == 400
        assert "Vi känner inte igen röstkoden" in response.content.decode()
        assert session_user(client) is None

    def test_malformed_code(self, client, invited):
        response = client.post(ENTER, {"code": "1234"})
        assert "En röstkod har 12 bokstäver och siffror" in response.content.decode()

    def test_revoked_code(self, client, invited, official):
        budget_round, invitation, code = invited
        move_to(budget_round, "assess")  # the roll can change only before voting opens
        issuing.revoke_invitation(by=official, invitation=invitation)
        move_to(budget_round, "vote")
        response = client.post(ENTER, {"code": code})
        assert response.status_code == 400
        assert "Röstkoden har dragits tillbaka" in response.content.decode()
        assert not User.objects.filter(invitations=invitation).exists()

    def test_reissued_code_kills_the_old_one(self, client, invited, official):
        _round, invitation, old = invited
        colleague = UserFactory(is_official=True)  # voting is open: four-eyes
        new = issuing.reissue_code(by=official, invitation=invitation, approved_by=colleague).code
        assert client.post(ENTER, {"code": old}).status_code == 400
        assert client.post(ENTER, {"code": new}).status_code == 302

    def test_the_link_asks_for_one_click_and_does_not_use_the_code(self, client, invited):
        _round, invitation, code = invited
        response = client.get(reverse("eligibility:link", kwargs={"code": code}))
        html = response.content.decode()
        assert response.status_code == 200 and code in html and "Gå vidare och rösta" in html
        invitation.refresh_from_db()
        assert invitation.used_at is None and invitation.voter is None

    def test_the_form_page(self, client):
        html = client.get(ENTER).content.decode()
        assert "<h1>Rösta med röstkod</h1>" in html and 'for="id_code"' in html

    @pytest.mark.usefixtures("still_clock")
    def test_rate_limit_per_ip(self, client, invited):
        _round, _invitation, code = invited
        limit = int(CODE_RATE.split("/")[0])
        for _ in range(limit):
            assert client.post(ENTER, {"code": "ABCD-EFGH-JKLM"}).status_code == 400
        response = client.post(ENTER, {"code": code})
        assert response.status_code == 429
        assert "Du har provat för många koder" in response.content.decode()
        assert session_user(client) is None
        # Another address is not blocked.
        assert client.post(ENTER, {"code": code}, REMOTE_ADDR="10.0.0.9").status_code == 302

    def test_a_code_voter_can_vote_but_not_elsewhere(self, client, invited, make_round):
        budget_round, _invitation, code = invited
        box, other_box = ballot_box(budget_round), ballot_box(make_round("vote"))
        client.post(ENTER, {"code": code})

        def page(b):
            url = reverse("voting:box", kwargs={"slug": b.budget_round.slug, "box_id": b.pk})
            return client.get(url).content.decode()

        assert "Din röstkod gäller" not in page(box)
        assert f"Din röstkod gäller ”{budget_round.name}”" in page(other_box)


class TestManagePages:
    def url(self, name, budget_round, **kwargs):
        return reverse(f"eligibility_manage:{name}", kwargs={"slug": budget_round.slug, **kwargs})

    def sheet(self, capture, client, budget_round, data):
        """Ask for a code sheet, let the task queue make it, download it from its page."""
        with capture(execute=True):
            response = client.post(self.url("issue_codes", budget_round), data)
        assert response.status_code == 302 and "/filer/" in response.url, response.url
        page = client.get(response.url).content.decode()
        assert "Kodarket är klart" in page and "Ladda ner kodarket (pdf)" in page
        return client.post(f"{response.url}kodark/")

    def upload(self, capture, client, name, budget_round, upload, *, approve=True):
        """Upload through the page; the task queue checks the file when the request commits;
        then (`approve`) a second case officer approves and the task queue imports it.
        Returns the file's page, where the browser is sent."""
        from delaktig.approvals import services as approvals

        second = colleague()  # a case officer since before the request
        with capture(execute=True):
            response = client.post(self.url(name, budget_round), {"file": upload})
        assert response.status_code == 302 and "/filer/" in response.url
        page = client.get(response.url)
        job = RollFile.objects.get(pk=int(response.url.rstrip("/").split("/")[-1]))
        if approve and job.status == RollFile.Status.CHECKED:
            assert "Ingenting är inläst än" in page.content.decode()
            approval = Approval.objects.get(params__roll_file=job.pk)
            with capture(execute=True):
                approvals.approve(by=second, approval=approval)
            page = client.get(response.url)
        return page

    @pytest.mark.parametrize("who", ["resident", "moderator"])
    def test_only_officials(self, client, make_round, request, who):
        budget_round = make_round("propose")
        client.force_login(request.getfixturevalue(who))
        for name in ("index", "census", "invitations", "invitation_upload"):
            assert client.get(self.url(name, budget_round)).status_code == 403
        assert client.post(self.url("issue_codes", budget_round)).status_code == 403
        job = RollFile.objects.create(budget_round=budget_round, kind="code_sheet", content=b"x")
        for name in ("roll_file", "code_sheet"):
            assert client.post(self.url(name, budget_round, pk=job.pk)).status_code == 403

    def test_anonymous_is_sent_to_sign_in(self, client, make_round):
        response = client.get(self.url("index", make_round("propose")))
        assert response.status_code == 302 and "konto" in response.url

    def test_settings_page(self, client, official, make_round):
        budget_round = make_round("propose")
        client.force_login(official)
        assert client.get(self.url("index", budget_round)).status_code == 200
        response = client.post(
            self.url("index", budget_round),
            {"use_census": "on", "min_age": "12", "max_age": "19"},
        )
        assert response.status_code == 302
        settings = RoundEligibility.objects.get(budget_round=budget_round)
        assert settings.use_census and (settings.min_age, settings.max_age) == (12, 19)
        assert AuditEvent.objects.filter(action="eligibility.settings_changed").exists()

    def test_settings_refusals_are_shown(self, client, official, make_round):
        budget_round = make_round("propose")
        client.force_login(official)
        response = client.post(self.url("index", budget_round), {"min_age": "12"})
        assert "Åldersgränser kräver en röstlängd" in response.content.decode()
        response = client.post(
            self.url("index", budget_round), {"use_census": "on", "min_age": "20", "max_age": "12"}
        )
        assert "lägsta åldern är högre" in response.content.decode()

    def test_settings_locked_once_voting_opened(self, client, official, make_round):
        budget_round = make_round("vote")
        client.force_login(official)
        response = client.post(self.url("index", budget_round), {"use_census": "on"})
        assert "Omröstningen har öppnat" in response.content.decode()
        assert not RoundEligibility.objects.exists()

    def test_census_upload_shows_every_bad_row(
        self, client, official, make_round, django_capture_on_commit_callbacks
    ):
        budget_round = make_round("propose")
        client.force_login(official)
        upload = csv_file(f"personnummer\n{ANNA}\n811228-9875\n")
        capture = django_capture_on_commit_callbacks
        html = self.upload(capture, client, "census", budget_round, upload).content.decode()
        assert "Filen har fel på 1 rad. Ingenting har lästs in." in html
        assert "<td>3</td><td>personnummer</td><td>Kontrollsiffran stämmer inte.</td>" in html
        assert "Ladda upp en rättad fil" in html
        assert not CensusEntry.objects.exists()
        ok = self.upload(capture, client, "census", budget_round, csv_file(f"pnr\n{ANNA}\n"))
        assert "Röstlängden är utbytt. Den har 1 person." in ok.content.decode()
        assert CensusEntry.objects.count() == 1
        assert not RollFile.objects.exclude(content=b"").exists()  # no file is kept

    def test_a_reminder_goes_to_those_who_have_not_used_their_code(
        self, client, official, make_round, mailoutbox, django_capture_on_commit_callbacks
    ):
        budget_round = make_round("assess")
        client.force_login(official)
        self.upload(
            django_capture_on_commit_callbacks,
            client,
            "invitation_upload",
            budget_round,
            csv_file("namn,e-post\nAlva,alva@example.se\nBo,bo@example.se\n"),
        )
        with django_capture_on_commit_callbacks(execute=True):
            client.post(self.url("send_emails", budget_round), {"which": "new"})
        first_code = re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", mailoutbox[0].body)[0]
        code_use.redeem_code(code=first_code)  # Alva (or Bo) has used theirs
        used = Invitation.objects.get(used_at__isnull=False)
        mailoutbox.clear()
        colleague = UserFactory(is_official=True)  # a case officer since before the request
        move_to(budget_round, "vote")
        # Once voting has opened, a reminder with new codes waits for a second case officer.
        response = client.post(
            self.url("send_emails", budget_round), {"which": "unused", "reason": "Påminnelse"}
        )
        approval = Approval.objects.get(action="eligibility.send_codes")
        assert response.url == reverse(
            "approvals_manage:detail", args=[budget_round.slug, approval.pk]
        )
        assert mailoutbox == []
        client.force_login(colleague)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("approvals_manage:decide", args=[budget_round.slug, approval.pk]),
                {"decision": "approve"},
            )
        assert [m.to for m in mailoutbox] == [
            [i.email for i in Invitation.objects.exclude(pk=used.pk)]
        ]
        used.refresh_from_db()
        assert used.code_hash == VOTING_CODE.keyed_hash(first_code)  # the voter's code still works

    def test_too_many_codes_at_once_are_refused_on_the_page(
        self, client, official, make_round, monkeypatch, django_capture_on_commit_callbacks
    ):
        budget_round = make_round("propose")
        client.force_login(official)
        self.upload(
            django_capture_on_commit_callbacks,
            client,
            "invitation_upload",
            budget_round,
            csv_file("namn,grupp\nAlva,7B\nBo,7B\nCia,8A\n"),
        )
        monkeypatch.setattr(roll_files, "MAX_CODES_PER_SHEET", 2)
        response = client.post(self.url("issue_codes", budget_round), follow=True)
        assert "Högst 2 koder kan skrivas ut åt gången, och du valde 3" in response.content.decode()
        assert not Invitation.objects.filter(code_hash__isnull=False).exists()
        one_group = self.sheet(
            django_capture_on_commit_callbacks, client, budget_round, {"group": "7B"}
        )
        assert one_group["Content-Type"] == "application/pdf"

    def test_invitations_upload_list_issue_send_revoke_reissue(
        self, client, official, make_round, mailoutbox, django_capture_on_commit_callbacks
    ):
        budget_round = make_round("propose")
        client.force_login(official)
        upload = csv_file("namn,e-post,grupp\nAlva,alva@example.se,7B\nBo,,7B\nCia,,8A\n")
        page = self.upload(
            django_capture_on_commit_callbacks, client, "invitation_upload", budget_round, upload
        )
        assert "3 personer lades till i inbjudningslistan." in page.content.decode()
        html = client.get(self.url("invitations", budget_round)).content.decode()
        assert "Alva" in html and "Ingen kod än" in html

        capture = django_capture_on_commit_callbacks
        pdf = self.sheet(capture, client, budget_round, {"group": "7B", "which": "new"})
        assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
        assert Invitation.objects.filter(code_hash__isnull=False).count() == 2
        job = RollFile.objects.get(kind="code_sheet")
        twice = client.post(self.url("code_sheet", budget_round, pk=job.pk), follow=True)
        assert "Kodarket har redan laddats ner" in twice.content.decode()
        again = client.post(self.url("issue_codes", budget_round), {"group": "7B"}, follow=True)
        assert "Det fanns inga inbjudningar" in again.content.decode()  # all in 7B have codes

        with django_capture_on_commit_callbacks(execute=True):
            client.post(self.url("send_emails", budget_round), {"which": "new"})
        assert [m.to for m in mailoutbox] == [["alva@example.se"]]

        bo = Invitation.objects.get(name="Bo")
        client.post(self.url("revoke", budget_round, pk=bo.pk))
        bo.refresh_from_db()
        assert bo.revoked_at is not None
        sheet = client.post(self.url("reissue", budget_round, pk=bo.pk))
        assert sheet.content.startswith(b"%PDF")
        bo.refresh_from_db()
        assert bo.revoked_at is None

        counts = Invitation.objects.filter(budget_round=budget_round).counts()
        assert counts == {"total": 3, "issued": 2, "sent": 1, "used": 0, "revoked": 0}
        html = client.get(self.url("index", budget_round)).content.decode()
        assert "Utdelade koder" in html

    def test_other_rounds_invitations_are_not_found(self, client, official, make_round):
        invitation = InvitationFactory(budget_round=make_round("propose"))
        client.force_login(official)
        url = self.url("revoke", make_round("propose"), pk=invitation.pk)
        assert client.post(url).status_code == 404


def test_code_hash_is_what_the_view_checks(invited):
    _round, invitation, code = invited
    assert invitation.code_hash == VOTING_CODE.keyed_hash(code)


def test_a_dialogues_settings_speak_of_taking_part_not_of_voting(client, official):
    """A dialogue has no vote: ages are counted on the day of answering, and there are no
    proposals for codes to send in."""
    from delaktig.processes.tests.factories import BudgetRoundFactory

    process = BudgetRoundFactory(kind="dialogue", total_budget=None)
    client.force_login(official)
    page = client.get(reverse("eligibility_manage:index", kwargs={"slug": process.slug}))
    content = page.content.decode()
    assert page.status_code == 200
    assert "omröstningens första dag" not in content and "Röstlängd" not in content.split("<h1")[0]
    assert "den dag personen svarar" in content
    assert 'name="codes_may_propose"' not in content
    saved = client.post(
        reverse("eligibility_manage:index", kwargs={"slug": process.slug}),
        {"use_invitations": "on", "min_age": "16", "max_age": ""},
    )
    assert saved.status_code == 302
    assert RoundEligibility.objects.get(budget_round=process).min_age == 16
