"""When voting closes, the system itself clears the keyed locators from voters to ballots
(issue 10): the `seal_votes` timer here, and the count before it reads a box
(results/tests/test_count_seals.py). No official has to press anything."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command

from delaktig.accounts.tests.factories import UserFactory
from delaktig.audit.models import AuditEvent
from delaktig.processes.timeline import move_to
from delaktig.voting.component import VOTE
from delaktig.voting.models import Ballot
from delaktig.voting.rules import voting_has_closed
from delaktig.voting.services import casting

from .factories import box_with_proposals

pytestmark = pytest.mark.django_db


def voted(budget_round, voters=3):
    box, proposals = box_with_proposals(budget_round, [100, 200])
    for _ in range(voters):
        casting.cast_ballot(by=UserFactory(), box=box, choices=[proposals[0].pk])
    assert Ballot.objects.filter(box=box, locator__isnull=False).count() == voters
    return box


def locators(box) -> int:
    return Ballot.objects.filter(box=box, locator__isnull=False).count()


def test_the_timer_clears_every_locator_once_voting_has_closed_by_the_clock(
    make_round, time_machine
):
    """Nobody touches the round: its vote phase simply ends, and the next run of the timer
    (`manage.py seal_votes`, every few minutes) leaves no locator in its boxes."""
    budget_round = make_round("vote")
    box = voted(budget_round)
    ends_at = budget_round.phase_of_kind(VOTE).ends_at
    call_command("seal_votes", stdout=io.StringIO())
    assert locators(box) == 3  # still open: voters may change their vote
    time_machine.move_to(ends_at + timedelta(minutes=5))
    budget_round.refresh_from_db()
    assert voting_has_closed(budget_round)
    call_command("seal_votes", stdout=io.StringIO())
    assert locators(box) == 0
    assert Ballot.objects.filter(box=box).count() == 3  # the ballots themselves stay
    assert AuditEvent.objects.filter(action="ballotbox.sealed").count() == 1


def test_the_timer_leaves_rounds_still_voting_alone(make_round):
    closed, still_open = voted(make_round("vote")), voted(make_round("vote"))
    move_to(closed.budget_round, "result")
    call_command("seal_votes", stdout=io.StringIO())
    assert locators(closed) == 0
    assert locators(still_open) == 3
