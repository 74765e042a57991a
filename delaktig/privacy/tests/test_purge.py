from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from delaktig.audit.models import AuditEvent
from delaktig.eligibility.models import CensusEntry, Invitation
from delaktig.eligibility.tests.factories import CensusEntryFactory, InvitationFactory
from delaktig.privacy import services
from delaktig.proposals.models import Report
from delaktig.proposals.tests.factories import CommentFactory, ReportFactory
from delaktig.results.models import TallyRun
from delaktig.voting.models import Ballot, BallotChoice, Participation
from delaktig.voting.queries import turnout

from .factories import publish, voted_round

pytestmark = pytest.mark.django_db


def census(budget_round, n):
    """n census rows of the round, one person each."""
    for i in range(n):
        CensusEntryFactory(budget_round=budget_round, personnummer_hash=f"{i + 1:064x}")


def purge(*args):
    out = StringIO()
    call_command("purge_personal_data", *args, stdout=out)
    return out.getvalue()


def snapshot(box):
    """What must survive a purge: ballots, their choices and the published runs."""
    return (
        sorted(str(pk) for pk in Ballot.objects.filter(box=box).values_list("pk", flat=True)),
        sorted(
            BallotChoice.objects.filter(ballot__box=box).values_list("ballot_id", "proposal_id")
        ),
        list(TallyRun.objects.filter(box=box).values("pk", "ballot_count", "outcome")),
    )


@pytest.fixture
def old_round(official):
    budget_round, box, proposals = voted_round()
    publish(budget_round, official, days_ago=100)
    return budget_round, box, proposals


@pytest.fixture
def recent_round(official):
    budget_round, box, _proposals = voted_round(name="Ungdomsbudget 2026")
    publish(budget_round, official, days_ago=10)
    return budget_round, box


def test_purge_deletes_who_voted_and_locators_but_keeps_the_result(old_round):
    budget_round, box, _ = old_round
    before = snapshot(box)
    output = purge("--days", "90")
    assert not Participation.objects.filter(box=box).exists()
    assert not Ballot.objects.filter(box=box, locator__isnull=False).exists()
    assert snapshot(box) == before
    assert TallyRun.objects.published().filter(box=box).count() == 1
    assert "Medborgarbudget Nässjö 2025: 5 deltaganden, 5 röstlås" in output
    event = AuditEvent.objects.get(action="privacy.round_purged")
    assert event.round_id == budget_round.pk
    assert event.actor_id is None
    assert event.data["participations"] == 5
    assert event.data["locators"] == 5


def test_purge_is_idempotent(old_round):
    _, box, _ = old_round
    purge("--days", "90")
    before, events = snapshot(box), AuditEvent.objects.count()
    output = purge("--days", "90")
    assert "0 deltaganden, 0 röstlås" in output
    assert snapshot(box) == before
    assert AuditEvent.objects.count() == events
    assert AuditEvent.objects.filter(action="privacy.round_purged").count() == 1


def test_dry_run_changes_nothing(old_round):
    _, box, _ = old_round
    output = purge("--days", "90", "--dry-run")
    assert "5 deltaganden, 5 röstlås" in output
    assert Participation.objects.filter(box=box).count() == 5
    assert Ballot.objects.filter(box=box, locator__isnull=False).count() == 5
    assert not AuditEvent.objects.filter(action="privacy.round_purged").exists()


def test_a_recently_published_round_is_untouched(official):
    budget_round, box, _ = voted_round(name="Ungdomsbudget 2026")
    publish(budget_round, official, days_ago=10)
    output = purge("--days", "90")
    assert Participation.objects.filter(box=box).count() == 5
    assert Ballot.objects.filter(box=box, locator__isnull=False).count() == 5
    assert "Ungdomsbudget 2026" not in output


def test_a_round_without_a_published_result_is_untouched(make_round):
    _budget_round, box, _ = voted_round()
    purge("--days", "0")
    assert Participation.objects.filter(box=box).count() == 5


def test_days_default_comes_from_the_setting(old_round, settings):
    _, box, _ = old_round
    settings.PERSONAL_DATA_RETENTION_DAYS = 120
    purge()
    assert Participation.objects.filter(box=box).count() == 5
    settings.PERSONAL_DATA_RETENTION_DAYS = 30
    purge()
    assert not Participation.objects.filter(box=box).exists()


def test_old_reports_lose_their_reporter_new_ones_keep_it(old_round, resident):
    _, _, proposals = old_round
    proposal = proposals["A"]
    old = ReportFactory(proposal=proposal, reporter=resident)
    on_comment = ReportFactory(
        proposal=None, comment=CommentFactory(proposal=proposal), reporter=resident
    )
    Report.objects.filter(pk__in=[old.pk, on_comment.pk]).update(
        created_at=timezone.now() - timedelta(days=95)
    )
    recent = ReportFactory(proposal=proposal, reporter=resident)
    purge("--days", "90")
    assert Report.objects.get(pk=old.pk).reporter is None
    assert Report.objects.get(pk=on_comment.pk).reporter is None
    assert Report.objects.get(pk=recent.pk).reporter == resident


def test_reports_resolved_over_a_year_ago_lose_their_reporter(resident):
    report = ReportFactory(reporter=resident)
    Report.objects.filter(pk=report.pk).update(
        resolved_at=timezone.now() - timedelta(days=400), resolution="dismissed"
    )
    output = purge()
    assert Report.objects.get(pk=report.pk).reporter is None
    assert "1 anmälares namn" in output or "1 " in output
    assert AuditEvent.objects.filter(action="privacy.reports_purged").count() == 1


def test_the_purge_deletes_the_rounds_census_and_invitations(old_round, recent_round):
    budget_round, _, _ = old_round
    other_round, _ = recent_round
    census(budget_round, 3)
    InvitationFactory.create_batch(2, budget_round=budget_round)
    kept = [
        CensusEntryFactory(budget_round=other_round),
        InvitationFactory(budget_round=other_round),
    ]
    output = purge("--days", "90")
    assert not CensusEntry.objects.filter(budget_round=budget_round).exists()
    assert not Invitation.objects.filter(budget_round=budget_round).exists()
    assert all(type(row).objects.filter(pk=row.pk).exists() for row in kept)
    assert "3 röstlängdsrader, 2 inbjudningar" in output
    event = AuditEvent.objects.get(action="privacy.round_purged")
    assert (event.data["census"], event.data["invitations"]) == (3, 2)
    assert AuditEvent.objects.filter(action="eligibility.purged").count() == 1
    purge("--days", "90")  # nothing left: the eligibility app writes no second event
    assert AuditEvent.objects.filter(action="eligibility.purged").count() == 1


def test_negative_days_is_an_error():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        purge("--days", "-1")


def test_service_counts_match_the_command(old_round):
    budget_round, _, _ = old_round
    counts = services.purge_round(budget_round=budget_round, days=90, dry_run=True)
    assert (counts["participations"], counts["locators"]) == (5, 5)


def test_a_dry_run_counts_the_voter_roll_and_deletes_none(old_round):
    budget_round, _, _ = old_round
    census(budget_round, 2)
    InvitationFactory(budget_round=budget_round)
    output = purge("--days", "90", "--dry-run")
    assert "2 röstlängdsrader, 1 inbjudan" in output
    assert CensusEntry.objects.filter(budget_round=budget_round).count() == 2
    assert Invitation.objects.filter(budget_round=budget_round).count() == 1
    assert not AuditEvent.objects.filter(action__in=["eligibility.purged", "privacy.round_purged"])
    output = purge("--days", "90")
    assert "2 röstlängdsrader, 1 inbjudan" in output
    assert not CensusEntry.objects.filter(budget_round=budget_round).exists()


def test_the_published_turnout_survives_the_purge(old_round):
    """Who voted is deleted; the published result keeps the turnout frozen when counted."""
    from delaktig.results.models import TallyRun
    from delaktig.results.presentation import run_turnout

    _, box, _ = old_round
    run = TallyRun.objects.published().get(box=box)
    assert run_turnout(run).total == 5
    purge("--days", "90")
    assert turnout(box).total == 0
    assert run_turnout(run).total == 5
