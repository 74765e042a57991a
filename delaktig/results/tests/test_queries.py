"""'Funded' is a query over published runs (issue 10), not JSON read by whoever needs it."""

import pytest

from delaktig.results import queries, services
from delaktig.results.tests.factories import box_with_ballots

pytestmark = pytest.mark.django_db

COSTS = {"A": 30_000, "B": 25_000, "C": 20_000}
BALLOTS = [["A", "B"], ["A"], ["A", "C"], ["B", "C"], ["B"]]


def test_funded_proposals_are_those_the_published_count_selected(make_round, official):
    budget_round = make_round("result", total_budget=50_000)
    box, proposals = box_with_ballots(budget_round, costs=COSTS, ballots=BALLOTS)
    run = services.run_tally(by=official, box=box)
    assert not queries.funded_proposals(budget_round).exists()  # counted, not yet published
    services.publish_result(by=official, budget_round=budget_round)
    funded = set(queries.funded_proposals(budget_round).values_list("pk", flat=True))
    assert funded == {int(pk) for pk in run.outcome["selected"]}
    assert funded and funded < {p.pk for p in proposals.values()}
    other = make_round("result", total_budget=50_000)
    assert not queries.funded_proposals(other).exists()
