"""Issue 9: one official alone cannot change or reveal a vote. Each test performs an attack
from the security review and proves it refused, with the database unchanged."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from delaktig.accounts.tests.factories import UserFactory
from delaktig.approvals import services as approvals
from delaktig.approvals.models import Approval
from delaktig.core.codes import RECEIPT_CODE
from delaktig.core.errors import Conflict, InvalidInput, NotAllowed
from delaktig.eligibility.models import CensusEntry, Invitation, RollFile
from delaktig.eligibility.services import (
    census,
    code_use,
    invitation_list,
    issuing,
    roll_files,
    round_settings,
    sending,
)
from delaktig.eligibility.tests.factories import (
    RoundEligibilityFactory,
    csv_file,
    invitation_with_code,
)
from delaktig.eligibility.tests.factories import colleague as roll_colleague
from delaktig.processes import services as processes
from delaktig.processes.models import Eligibility
from delaktig.processes.timeline import move_to
from delaktig.voting.component import VOTE
from delaktig.voting.models import Ballot, BallotChoice
from delaktig.voting.services import casting

from .factories import box_with_proposals

pytestmark = pytest.mark.django_db

ENTER = reverse("eligibility:enter")


def box_url(box):
    return reverse("voting:box", kwargs={"slug": box.budget_round.slug, "box_id": box.pk})


def ballot_state():
    return sorted(BallotChoice.objects.values_list("ballot_id", "proposal_id", "value"))


@pytest.fixture
def code_round(make_round):
    budget_round = make_round("vote")
    RoundEligibilityFactory(budget_round=budget_round, use_invitations=True)
    box, proposals = box_with_proposals(budget_round, [10_000, 20_000, 30_000])
    invitation, code = invitation_with_code(budget_round=budget_round, name="Alva Ek")
    return box, proposals, invitation, code


@pytest.fixture
def colleague(db):
    return UserFactory(full_name="Kim Kollega", is_official=True)


def vote_with_code(client, box, code, choice):
    assert client.post(ENTER, {"code": code}).status_code == 302
    response = client.post(box_url(box), {"choice": [choice.pk]})
    assert response.status_code == 200, response.content.decode()[:500]
    return response


class TestAReissuedCodeRevealsAndChangesNothing:
    """Finding 1: re-issuing a code gave the official the voter's ballot to read and change."""

    def test_the_new_code_neither_shows_nor_changes_the_ballot(
        self, client, code_round, official, colleague
    ):
        box, (p1, p2, _p3), invitation, code = code_round
        vote_with_code(client, box, code, p1)
        before = ballot_state()
        client.logout()
        # Even with a second official's approval, the holder of the new code learns nothing.
        new = issuing.reissue_code(by=official, invitation=invitation, approved_by=colleague).code
        assert client.post(ENTER, {"code": new}).status_code == 302
        page = client.get(box_url(box)).content.decode()
        assert "checked" not in page
        assert "Du har redan röstat, och den rösten kan inte längre ändras här" in page
        response = client.post(box_url(box), {"choice": [p2.pk]})
        assert "kan inte längre ändras här" in response.content.decode()
        assert ballot_state() == before

    def test_the_voters_receipt_still_counts_after_a_new_code(
        self, client, code_round, official, colleague
    ):
        box, (p1, _p2, _p3), invitation, code = code_round
        response = vote_with_code(client, box, code, p1)
        receipt = response.context["receipt"].code
        issuing.reissue_code(by=official, invitation=invitation, approved_by=colleague)
        assert Ballot.objects.get().receipt_hash == RECEIPT_CODE.keyed_hash(receipt)

    def test_one_official_alone_cannot_issue_codes_once_voting_is_open(self, code_round, official):
        box, _p, invitation, _code = code_round
        hash_before = Invitation.objects.get().code_hash
        with pytest.raises(NotAllowed, match="andra handläggare"):
            issuing.reissue_code(by=official, invitation=invitation)
        with pytest.raises(NotAllowed):
            issuing.reissue_code(by=official, invitation=invitation, approved_by=official)
        with pytest.raises(NotAllowed):
            roll_files.queue_code_sheet(
                by=official, budget_round=box.budget_round, invitations=[invitation]
            )
        with pytest.raises(NotAllowed):
            sending.send_invitations(
                by=official, budget_round=box.budget_round, invitations=[invitation]
            )
        assert Invitation.objects.get().code_hash == hash_before
        assert not RollFile.objects.exists()

    def test_the_page_asks_a_second_official_instead_of_printing(
        self, client, code_round, official, colleague, django_capture_on_commit_callbacks
    ):
        box, _p, invitation, _code = code_round
        slug = box.budget_round.slug
        hash_before = invitation.code_hash
        client.force_login(official)
        url = reverse("eligibility_manage:reissue", args=[slug, invitation.pk])
        check = client.post(url)
        assert check.status_code == 200 and "Be om godkännande" in check.content.decode()
        response = client.post(url, {"reason": "Tappat sin kod, ringde 3 juni"})
        approval = Approval.objects.get()
        assert response.url == reverse("approvals_manage:detail", args=[slug, approval.pk])
        assert Invitation.objects.get().code_hash == hash_before  # nothing yet
        decide = reverse("approvals_manage:decide", args=[slug, approval.pk])
        client.post(decide, {"decision": "approve"})  # the one who asked: refused
        approval.refresh_from_db()
        assert approval.is_pending and Invitation.objects.get().code_hash == hash_before
        client.force_login(colleague)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(decide, {"decision": "approve"})
        approval.refresh_from_db()
        job = RollFile.objects.get(pk=approval.result["roll_file"])
        assert job.requested_by == official and job.approved_by == colleague
        assert job.status == RollFile.Status.DONE
        assert Invitation.objects.get().code_hash != hash_before

    def test_the_database_refuses_an_approval_by_the_one_who_asked(self, code_round, official):
        box, _p, invitation, _code = code_round
        approval = approvals.request_approval(
            by=official,
            budget_round=box.budget_round,
            action="eligibility.code_sheet",
            params={"invitation_ids": [invitation.pk]},
            reason="Tappad kod",
        )
        from django.db import IntegrityError, transaction

        with pytest.raises(IntegrityError), transaction.atomic():
            Approval.objects.filter(pk=approval.pk).update(status="approved", decided_by=official)

    def test_no_codes_at_all_after_voting_has_closed(self, code_round, official, colleague):
        box, _p, invitation, _code = code_round
        move_to(box.budget_round, "result")
        with pytest.raises(Conflict, match="stängt"):
            issuing.reissue_code(by=official, invitation=invitation, approved_by=colleague)


class TestANewPasswordRevealsNothing:
    """Finding 1: an administrator set a voter's password in /admin/ and signed in as them."""

    def test_admin_sets_a_password_and_sees_no_ballot(self, client, make_round, resident):
        box, (p1, p2) = box_with_proposals(make_round("vote"), [10_000, 20_000])
        client.force_login(resident)
        client.post(box_url(box), {"choice": [p1.pk]})
        before = ballot_state()
        resident.set_password("admin-chose-this-1")  # what the admin's password form does
        resident.save()
        client.logout()
        assert client.login(email=resident.email, password="admin-chose-this-1")
        page = client.get(box_url(box)).content.decode()
        assert "checked" not in page and "kan inte längre ändras här" in page
        client.post(box_url(box), {"choice": [p2.pk]})
        assert ballot_state() == before


class TestAClosedBallotIsNeverShown:
    """Finding 6: after the close the page showed the voter's final choices to a buyer."""

    def test_after_the_close_the_page_shows_no_choices(self, client, make_round, resident):
        box, (p1, _p2) = box_with_proposals(make_round("vote"), [10_000, 20_000])
        client.force_login(resident)
        client.post(box_url(box), {"choice": [p1.pk]})
        assert "checked" in client.get(box_url(box)).content.decode()
        move_to(box.budget_round, "result")
        assert casting.current_choices(resident, box) == {}
        assert "checked" not in client.get(box_url(box)).content.decode()


class TestTheVotingWindowIsFrozen:
    """Finding 4: voting could be paused for an interim count, resumed, or re-opened."""

    def schedule(self, budget_round):
        return {p.kind: (p.starts_at, p.ends_at) for p in budget_round.phases.all()}

    def test_voting_cannot_be_paused_or_shortened(self, make_round, official):
        budget_round = make_round("vote")
        schedule = self.schedule(budget_round)
        starts, ends = schedule[VOTE]
        stored = self.schedule(budget_round)
        for new_end in (timezone.now() - timedelta(minutes=1), ends - timedelta(days=1)):
            schedule[VOTE] = (starts, new_end)
            with pytest.raises(Conflict, match="bara förlängas"):
                processes.set_schedule(by=official, budget_round=budget_round, schedule=schedule)
        assert self.schedule(budget_round) == stored

    def test_voting_can_be_extended_while_open(self, make_round, official):
        budget_round = make_round("vote")
        schedule = self.schedule(budget_round)
        starts, ends = schedule[VOTE]
        schedule[VOTE] = (starts, ends + timedelta(days=1))
        for kind in ("result", "follow_up"):
            s, e = schedule[kind]
            schedule[kind] = (s + timedelta(days=1), e + timedelta(days=1) if e else None)
        processes.set_schedule(by=official, budget_round=budget_round, schedule=schedule)
        assert budget_round.phase_of_kind(VOTE).ends_at == ends + timedelta(days=1)

    def test_an_unchanged_timetable_saves_though_the_form_drops_seconds(self, make_round, official):
        budget_round = make_round("vote")
        stored = self.schedule(budget_round)
        minutes = {
            k: (s.replace(second=0, microsecond=0), e.replace(second=0, microsecond=0) if e else e)
            for k, (s, e) in stored.items()
        }
        processes.set_schedule(by=official, budget_round=budget_round, schedule=minutes)
        vote = budget_round.phase_of_kind(VOTE)
        assert (vote.starts_at, vote.ends_at) == stored[VOTE]

    @pytest.mark.parametrize("published", [False, True])
    def test_voting_cannot_be_reopened_after_the_close(self, make_round, official, published):
        budget_round = make_round("result")
        if published:
            budget_round.result_published_at = timezone.now()
            budget_round.save()
        schedule = self.schedule(budget_round)
        stored = self.schedule(budget_round)
        starts, _ends = schedule[VOTE]
        later = timezone.now() + timedelta(days=30)
        schedule[VOTE] = (starts, later)
        schedule["result"] = (later, later + timedelta(days=1))
        schedule["follow_up"] = (later + timedelta(days=1), None)
        with pytest.raises(Conflict, match="stängt"):
            processes.set_schedule(by=official, budget_round=budget_round, schedule=schedule)
        assert self.schedule(budget_round) == stored


class TestWhoMayVoteIsFrozen:
    """Finding 5: the eligibility rule, the census and the invitation list changed mid-vote."""

    def test_the_rule_cannot_switch_to_everyone(self, make_round, official):
        from delaktig.accounts.models import Unit

        unit = Unit.objects.create(name="Skolan")
        budget_round = make_round("vote", eligibility=Eligibility.UNIT, unit=unit)
        with pytest.raises(Conflict, match="vem som får delta"):
            processes.update_round(
                by=official,
                budget_round=budget_round,
                data={"eligibility": Eligibility.SIGNED_IN, "unit": None},
            )
        budget_round.refresh_from_db()
        assert budget_round.eligibility == Eligibility.UNIT

    @pytest.mark.parametrize("phase", ["vote", "result"])
    def test_no_roll_file_once_voting_has_opened(self, make_round, official, phase):
        budget_round = make_round(phase)
        RoundEligibilityFactory(budget_round=budget_round, use_invitations=True, use_census=True)
        for kind in (RollFile.Kind.CENSUS, RollFile.Kind.INVITATIONS):
            with pytest.raises(Conflict, match="röstlängden är låst"):
                roll_files.queue_roll_file(
                    by=official,
                    budget_round=budget_round,
                    kind=kind,
                    uploaded=csv_file("namn\nMallory\n"),
                )
        with pytest.raises(Conflict):
            invitation_list.import_invitations(
                approved_by=roll_colleague(),
                by=official,
                budget_round=budget_round,
                uploaded=csv_file("namn\nMallory\n"),
            )
        with pytest.raises(Conflict):
            census.replace_census(
                approved_by=roll_colleague(),
                by=official,
                budget_round=budget_round,
                uploaded=csv_file("personnummer\n"),
            )
        assert not RollFile.objects.exists() and not Invitation.objects.exists()
        assert not CensusEntry.objects.exists()

    def test_a_file_queued_before_voting_is_not_read_after_it_opens(
        self, make_round, official, django_capture_on_commit_callbacks
    ):
        budget_round = make_round("assess")
        RoundEligibilityFactory(budget_round=budget_round, use_invitations=True)
        job = roll_files.queue_roll_file(
            by=official,
            budget_round=budget_round,
            kind=RollFile.Kind.INVITATIONS,
            uploaded=csv_file("namn\nMallory\n"),
        )
        move_to(budget_round, "vote")
        job = roll_files.read_roll_job(job.pk)
        assert job.status == RollFile.Status.FAILED and "låst" in job.message
        assert not Invitation.objects.exists()

    def test_no_one_is_revoked_mid_vote(self, code_round, official):
        _box, _p, invitation, _code = code_round
        with pytest.raises(Conflict):
            issuing.revoke_invitation(by=official, invitation=invitation)
        assert Invitation.objects.get().revoked_at is None


class TestNothingIsLeftOnASharedComputer:
    """Finding 6 and 16: caches, long code sessions and codes in access logs."""

    def test_ballot_receipt_and_code_pages_are_not_cached(self, client, code_round):
        box, (p1, _p2, _p3), _invitation, code = code_round
        assert "no-store" in client.get(ENTER)["Cache-Control"]
        client.post(ENTER, {"code": code})
        assert "no-store" in client.get(box_url(box))["Cache-Control"]
        receipt = client.post(box_url(box), {"choice": [p1.pk]})
        assert "no-store" in receipt["Cache-Control"]
        assert "no-store" in client.get(reverse("privacy:my_data"))["Cache-Control"]

    def test_a_code_session_ends_within_the_hour(self, client, code_round):
        from delaktig.eligibility.views import CODE_SESSION_SECONDS

        _box, _p, _invitation, code = code_round
        client.post(ENTER, {"code": code})
        assert client.session.get_expiry_age() == CODE_SESSION_SECONDS <= 60 * 60

    def test_the_personal_link_keeps_the_code_out_of_the_request(self, code_round):
        from delaktig.eligibility.links import code_url

        url = code_url("ABCD-EFGH-JK23")
        path, _hash, fragment = url.partition("#")
        assert fragment == "ABCD-EFGH-JK23" and "ABCD" not in path


class TestOnePersonOneBallotAcrossRolls:
    """Finding 8: a person on both the census and the invitation list got two ballots, one
    online with the code and one on paper by personnummer."""

    ANNA = "811228-9874"

    @pytest.fixture
    def both_rolls(self, make_round, official):
        from delaktig.eligibility.tests.factories import CensusEntryFactory

        budget_round = make_round("assess")
        RoundEligibilityFactory(budget_round=budget_round, use_invitations=True)
        CensusEntryFactory(budget_round=budget_round)  # Anna, by her personnummer
        return budget_round

    def test_both_rolls_need_a_personnummer_on_every_invitation(self, both_rolls, official):
        invitation_list.import_invitations(
            approved_by=roll_colleague(),
            by=official,
            budget_round=both_rolls,
            uploaded=csv_file("namn\nAlva\n"),
        )
        with pytest.raises(InvalidInput, match="personnummer"):
            round_settings.save_settings(
                by=official,
                budget_round=both_rolls,
                data=round_settings.SettingsData(use_invitations=True, use_census=True),
            )
        assert not both_rolls.eligibility_settings.use_census

    def test_an_invitation_file_without_personnummer_is_refused(self, both_rolls, official):
        round_settings.save_settings(
            by=official,
            budget_round=both_rolls,
            data=round_settings.SettingsData(use_invitations=True, use_census=True),
        )
        with pytest.raises(InvalidInput, match="personnummer"):
            invitation_list.import_invitations(
                approved_by=roll_colleague(),
                by=official,
                budget_round=both_rolls,
                uploaded=csv_file("namn\nAnna\n"),
            )
        assert not Invitation.objects.exists()

    def test_the_code_and_the_census_lead_to_one_voter(self, both_rolls, official, colleague):
        from delaktig.eligibility.lookup import find_voter
        from delaktig.voting.paper import services as paper

        from .factories import paper_station

        round_settings.save_settings(
            by=official,
            budget_round=both_rolls,
            data=round_settings.SettingsData(use_invitations=True, use_census=True),
        )
        invitation_list.import_invitations(
            approved_by=roll_colleague(),
            by=official,
            budget_round=both_rolls,
            uploaded=csv_file(f"namn,personnummer\nAnna Andersson,{self.ANNA}\n"),
        )
        box, (p1, p2) = box_with_proposals(both_rolls, [100, 200])
        move_to(both_rolls, "vote")
        code = issuing.issue_codes(
            by=official,
            budget_round=both_rolls,
            invitations=Invitation.objects.all(),
            approved_by=colleague,
        )[0].code
        by_code = code_use.redeem_code(code=code).voter
        casting.cast_ballot(by=by_code, box=box, choices=[p1.pk])
        # At a paper station, by personnummer: the same person, who has already voted.
        assert find_voter(both_rolls, self.ANNA, by=official) == by_code
        paper_station(box)
        with pytest.raises(Conflict, match="redan röstat på webben"):
            paper.enter_first_pass(
                by=official, box=box, identifier=self.ANNA, station="Biblioteket", choices=[p2.pk]
            )
        assert Ballot.objects.count() == 1


class TestSmallerFindings:
    """Finding 16."""

    def test_a_moderator_is_not_shown_draft_rounds(self, client, moderator, make_round):
        from delaktig.processes.tests.factories import BudgetRoundFactory

        draft = BudgetRoundFactory(name="Hemligt utkast", status="draft")
        published = make_round("propose")
        client.force_login(moderator)
        html = client.get(reverse("processes_manage:dashboard")).content.decode()
        assert published.name in html and draft.name not in html

    def test_a_paper_look_up_of_someone_who_voted_leaves_a_trace(
        self, make_round, official, resident
    ):
        from delaktig.audit.models import AuditEvent
        from delaktig.voting.paper import services as paper

        from .factories import paper_station

        box, (p1, _p2) = box_with_proposals(make_round("vote"), [100, 200])
        casting.cast_ballot(by=resident, box=box, choices=[p1.pk])
        paper_station(box)
        with pytest.raises(Conflict, match="redan röstat"):
            paper.enter_first_pass(
                by=official,
                box=box,
                identifier=resident.email,
                station="Biblioteket",
                choices=[p1.pk],
            )
        event = AuditEvent.objects.get(action="paper_ballot.refused_already_voted")
        assert event.actor == official and event.round_id == box.budget_round_id
        assert event.object_type == "voting.ballotbox" and event.data == {}  # not the person


class TestWhatTheReviewFound:
    """An attacker's review of the first fixes (issue 9) found these; each is refused now."""

    def test_a_new_district_gives_no_second_ballot(self, client, make_round):
        """Vote in area A, have the district changed, vote again in area B."""
        from delaktig.accounts.tests.factories import DistrictFactory
        from delaktig.processes.tests.factories import AreaFactory

        north_d, south_d = DistrictFactory(name="Norr"), DistrictFactory(name="Söder")
        budget_round = make_round("vote", eligibility=Eligibility.RESIDENTS)
        north = AreaFactory(budget_round=budget_round, name="Norr", district=north_d)
        south = AreaFactory(budget_round=budget_round, name="Söder", district=south_d)
        box_n, (pn,) = box_with_proposals(budget_round, [100], area=north)
        box_s, (ps,) = box_with_proposals(budget_round, [100], area=south)
        voter = UserFactory(district=north_d)
        casting.cast_ballot(by=voter, box=box_n, choices=[pn.pk])
        voter.district = south_d
        voter.save()
        with pytest.raises(NotAllowed, match="redan röstat i Norr"):
            casting.cast_ballot(by=voter, box=box_s, choices=[ps.pk])
        assert Ballot.objects.count() == 1

    def test_a_station_number_only_goes_up_once_voting_is_open(self, make_round, official):
        from delaktig.voting.paper import services as paper

        budget_round = make_round("vote")
        paper.register_station(by=official, budget_round=budget_round, name="Skolan", ballots=3)
        with pytest.raises(Conflict, match="bara öka"):
            paper.register_station(by=official, budget_round=budget_round, name="Skolan", ballots=2)
        paper.register_station(by=official, budget_round=budget_round, name="Skolan", ballots=4)

    def test_a_rejected_paper_ballot_flags_the_reconciliation(self, make_round, official, resident):
        """Reject a real paper ballot, lower the number: now the number cannot be lowered,
        and a rejection alone means a second official must approve publishing."""
        from delaktig.voting import queries
        from delaktig.voting.paper import services as paper

        from .factories import paper_station

        box, (p1,) = box_with_proposals(make_round("vote"), [100])
        paper_station(box, ballots=1)
        entry = paper.enter_first_pass(
            by=official, box=box, identifier=resident.email, station="Biblioteket", choices=[p1.pk]
        ).entry
        paper.reject_paper_ballot(by=official, entry=entry, reason="Oläslig")
        flags = " ".join(queries.round_flags(box.budget_round))
        assert "avvisades" in flags

    def test_an_account_made_official_after_the_request_cannot_approve(
        self, code_round, official, admin_user
    ):
        """An administrator made a second official account to approve their own request."""
        box, _p, invitation, _code = code_round
        approval = approvals.request_approval(
            by=official,
            budget_round=box.budget_round,
            action="eligibility.code_sheet",
            params={"invitation_ids": [invitation.pk]},
            reason="Tappad kod",
        )
        sock_puppet = UserFactory(is_official=True)  # made after the request
        with pytest.raises(NotAllowed, match="efter att det här begärdes"):
            approvals.approve(by=sock_puppet, approval=approval)
        promoted = UserFactory()
        promoted.is_official = True
        promoted.official_since = None
        promoted.save()
        with pytest.raises(NotAllowed):
            approvals.approve(by=promoted, approval=approval)
        approval.refresh_from_db()
        assert approval.is_pending

    def test_officials_do_not_see_who_has_used_a_code_during_voting(
        self, client, code_round, official
    ):
        """Knowing who has not voted lets an official holding the sheet vote for them."""
        box, _p, _invitation, code = code_round
        code_use.redeem_code(code=code)
        client.force_login(official)
        url = reverse("eligibility_manage:invitations", args=[box.budget_round.slug])
        html = client.get(url).content.decode()
        assert 'tag--success">Använd' not in html

    def test_demo_data_is_refused_with_production_settings(self, settings):
        from django.core.management import CommandError, call_command

        settings.DEMO_DATA_ALLOWED = False
        with pytest.raises(CommandError):
            call_command("load_demo")
        from delaktig.accounts.models import User

        assert not User.objects.filter(email__endswith="@demo.delaktig.se").exists()


class TestChangingTheRollTakesTwo:
    """Guarantee: changing the roll needs a second official. One official alone could add
    people who do not exist, print their codes and vote with them."""

    def test_one_official_alone_cannot_import(self, make_round, official):
        budget_round = make_round("propose")
        RoundEligibilityFactory(budget_round=budget_round, use_invitations=True)
        for approved_by in (None, official):
            with pytest.raises(NotAllowed, match="andra handläggare"):
                invitation_list.import_invitations(
                    by=official,
                    budget_round=budget_round,
                    uploaded=csv_file("namn\nMallory\n"),
                    approved_by=approved_by,
                )
        assert not Invitation.objects.exists()

    def test_an_upload_waits_checked_until_someone_else_approves(
        self, make_round, official, colleague, django_capture_on_commit_callbacks
    ):
        budget_round = make_round("propose")
        RoundEligibilityFactory(budget_round=budget_round, use_invitations=True)
        with django_capture_on_commit_callbacks(execute=True):
            job = roll_files.queue_roll_file(
                by=official,
                budget_round=budget_round,
                kind=RollFile.Kind.INVITATIONS,
                uploaded=csv_file("namn\nMallory\nMallory Två\n"),
            )
        job.refresh_from_db()
        assert job.status == RollFile.Status.CHECKED and job.count == 2
        assert not Invitation.objects.exists()
        approval = Approval.objects.get(action="eligibility.import_roll")
        with pytest.raises(NotAllowed):
            approvals.approve(by=official, approval=approval)
        assert not Invitation.objects.exists()
        with django_capture_on_commit_callbacks(execute=True):
            approvals.approve(by=colleague, approval=approval)
        job.refresh_from_db()
        assert job.status == RollFile.Status.DONE and job.approved_by == colleague
        assert Invitation.objects.count() == 2


def test_after_the_close_the_vote_tab_lists_no_areas_and_asks_no_one_to_sign_in(client, make_round):
    """Issue 11, broken 8."""
    from delaktig.processes.tests.factories import AreaFactory

    budget_round = make_round("vote")
    north = AreaFactory(budget_round=budget_round, name="Norrområdet")
    box, _p = box_with_proposals(budget_round, [100], area=north)
    move_to(budget_round, "result")
    html = client.get(reverse("voting:ballot", args=[budget_round.slug])).content.decode()
    assert "Omröstningen har stängt" in html and "Norrområdet" not in html
    page = client.get(box_url(box)).content.decode()
    assert "Logga in för att rösta" not in page and "Omröstningen har stängt" in page
