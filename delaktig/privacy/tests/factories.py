"""A round whose result is published, with stored ballots, participations and locators.

The privacy app may not reach the counting library, even through results.services (see the
import contracts), so the published run is written straight to the model here.
"""

import hashlib
import json
import secrets
from datetime import timedelta

from django.utils import timezone

from delaktig.processes.models import BudgetRound
from delaktig.processes.tests.factories import round_in_phase
from delaktig.results.models import TallyRun
from delaktig.results.tests.factories import box_with_ballots
from delaktig.voting import queries
from delaktig.voting.models import Ballot

COSTS = {"A": 30_000, "B": 25_000, "C": 20_000}
BALLOTS = [["A", "B"], ["A"], ["A", "C"], ["B", "C"], ["B"]]


def voted_round(name="Medborgarbudget Nässjö 2025"):
    """A round in the result phase with five ballots, each still with a locator."""
    budget_round = round_in_phase("result", name=name, total_budget=50_000)
    box, proposals = box_with_ballots(budget_round, costs=COSTS, ballots=BALLOTS)
    for ballot in Ballot.objects.filter(box=box):
        ballot.locator = secrets.token_hex(32)
        ballot.save(update_fields=["locator"])
    return budget_round, box, proposals


def ballots_digest(box) -> str:
    """SHA-256 of every stored ballot of the box: equal digests, equal counts."""
    rows = sorted((ballot_id, sorted(choices)) for ballot_id, choices in queries.ballot_rows(box))
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest()


def publish(budget_round, official, *, days_ago=0):
    """A published tally run for every box, the result published `days_ago` days back."""
    published_at = timezone.now() - timedelta(days=days_ago)
    for box in budget_round.ballot_boxes.all():
        TallyRun.objects.create(
            box=box,
            rule="greedy",
            library_version="test",
            input_digest=ballots_digest(box),
            ballot_count=queries.ballot_count(box),
            outcome={"selected": []},
            vote_counts={str(k): v.ballots for k, v in queries.vote_counts(box).items()},
            turnout={
                "total": queries.turnout(box).total,
                "by_channel": queries.turnout(box).by_channel,
            },
            created_by=official,
            published_at=published_at,
        )
    BudgetRound.objects.filter(pk=budget_round.pk).update(result_published_at=published_at)
    budget_round.refresh_from_db()
    return budget_round
