"""The count seals a closed box first (issue 10): if the `seal_votes` timer has not run yet,
`run_tally` clears the locators and rewrites the ballots before it reads them. The timer's
side is in voting/tests/test_close.py."""

import pytest

from delaktig.accounts.tests.factories import UserFactory
from delaktig.processes.timeline import move_to
from delaktig.voting.models import Ballot
from delaktig.voting.services import casting
from delaktig.voting.tests.factories import box_with_proposals

pytestmark = pytest.mark.django_db


def test_the_count_clears_the_locators_before_it_reads_a_box(make_round, official):
    """If the timer has not run yet, counting the box seals it first."""
    from delaktig.results.services import run_tally

    box, proposals = box_with_proposals(make_round("vote"), [100, 200])
    for _ in range(3):
        casting.cast_ballot(by=UserFactory(), box=box, choices=[proposals[0].pk])
    move_to(box.budget_round, "result")
    ballots = Ballot.objects.filter(box=box)
    assert ballots.filter(locator__isnull=False).count() == 3  # closed, not yet sealed
    run_tally(by=official, box=box)
    assert not ballots.filter(locator__isnull=False).exists()
    assert ballots.count() == 3
