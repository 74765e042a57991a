"""Publishing the result tells the round's followers (an event in the same transaction)."""

import pytest
from django.urls import reverse

from delaktig.following.models import Event
from delaktig.results import services
from delaktig.results.tests.factories import box_with_ballots

pytestmark = pytest.mark.django_db


def test_publishing_the_result_is_an_event_of_the_round(make_round, official):
    budget_round = make_round("result", total_budget=50_000)
    ballot_box, _proposals = box_with_ballots(
        budget_round, costs={"A": 30_000, "B": 20_000}, ballots=[["A"], ["A", "B"]]
    )
    services.run_tally(by=official, box=ballot_box)
    assert not Event.objects.exists()
    services.publish_result(by=official, budget_round=budget_round)
    event = Event.objects.get()
    assert (event.kind, event.target_id, event.process) == (
        "result.published",
        budget_round.pk,
        budget_round,
    )
    assert event.path == reverse("results:detail", kwargs={"slug": budget_round.slug})
