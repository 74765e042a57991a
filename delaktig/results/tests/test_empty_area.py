"""Issue 11, broken item 6: voting opened and a result was published for an area with no
proposals (an empty table and a chart legend). Now nobody votes on an empty ballot, the
official is told before voting opens, and the result names the area instead of counting it."""

import pytest
from django.urls import reverse

from delaktig.core.errors import Conflict
from delaktig.processes.tests.factories import AreaFactory
from delaktig.results import services
from delaktig.results.tests.factories import box_with_ballots
from delaktig.voting.services import design
from delaktig.voting.tests.factories import BallotBoxFactory

pytestmark = pytest.mark.django_db


def test_the_ballot_page_of_an_empty_area_says_there_is_nothing_to_vote_on(
    client, make_round, resident
):
    budget_round = make_round("vote")
    box = BallotBoxFactory(budget_round=budget_round, area=AreaFactory(budget_round=budget_round))
    client.force_login(resident)
    page = client.get(
        reverse("voting:box", kwargs={"slug": budget_round.slug, "box_id": box.pk})
    ).content.decode()
    assert "Det finns inget att rösta om här" in page


def test_the_official_is_told_before_voting_opens(client, make_round, official):
    budget_round = make_round("assess")
    empty = AreaFactory(budget_round=budget_round, name="Västra")
    BallotBoxFactory(budget_round=budget_round, area=empty)
    problems = design.opening_problems(budget_round)
    assert [p.field for p in problems] == ["proposals"]
    assert "Västra" in problems[0].message
    client.force_login(official)
    page = client.get(
        reverse("voting_manage:index", kwargs={"slug": budget_round.slug})
    ).content.decode()
    assert "Röstsedeln för Västra har inga förslag" in page


def test_a_round_without_a_ballot_cannot_open_either(make_round):
    assert [p.field for p in design.opening_problems(make_round("assess"))] == ["ballot"]


def test_an_empty_box_is_not_counted_and_the_result_names_it(client, make_round, official):
    budget_round = make_round("result", total_budget=50_000)
    full = AreaFactory(budget_round=budget_round, name="Norra", budget=50_000)
    box, _ = box_with_ballots(
        budget_round, budget_area=full, costs={"A": 30_000}, ballots=[["A"], ["A"]]
    )
    empty_box = BallotBoxFactory(
        budget_round=budget_round, area=AreaFactory(budget_round=budget_round, name="Västra")
    )
    with pytest.raises(Conflict, match="inget att räkna"):
        services.run_tally(by=official, box=empty_box)
    services.run_tally(by=official, box=box)
    runs = services.publish_result(by=official, budget_round=budget_round)
    assert [r.box_id for r in runs] == [box.pk]
    page = client.get(reverse("results:detail", args=[budget_round.slug])).content.decode()
    assert "Inga förslag stod på röstsedeln i Västra" in page
    assert f'id="box-{empty_box.pk}"' not in page
