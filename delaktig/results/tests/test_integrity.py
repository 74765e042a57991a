"""Issue 9: counting and the stored ballots, as an official or a copy of the database would
try them."""

import pytest

from delaktig.core.errors import NotAllowed
from delaktig.results.models import TallyRun
from delaktig.results.services import run_tally
from delaktig.voting.tests.factories import box_with_proposals

pytestmark = pytest.mark.django_db


def test_no_count_while_voting_is_open(make_round, official):
    """Finding 4: an interim count while people still vote."""
    box, _p = box_with_proposals(make_round("vote"), [10_000])
    with pytest.raises(NotAllowed):
        run_tally(by=official, box=box)
    assert not TallyRun.objects.exists()
