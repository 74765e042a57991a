"""Ties that decided something are explained on the result page (issue 11)."""

import pytest
from django.urls import reverse

from delaktig.results import services
from delaktig.results.tests.factories import box_with_ballots

pytestmark = pytest.mark.django_db


def publish(make_round, official, costs, ballots):
    budget_round = make_round("result", total_budget=30_000)
    box, proposals = box_with_ballots(budget_round, costs=costs, ballots=ballots)
    services.run_tally(by=official, box=box)
    services.publish_result(by=official, budget_round=budget_round)
    return budget_round, proposals


def test_a_decisive_tie_is_explained(client, make_round, official):
    budget_round, _proposals = publish(
        make_round,
        official,
        {"A": 30_000, "B": 30_000},
        [["A"], ["B"], ["A", "B"], ["A", "B"], ["A"], ["B"]],
    )
    content = client.get(reverse("results:detail", args=[budget_round.slug])).content.decode()
    assert "Lika röster som avgjorde något" in content
    assert "“Förslag A”" in content and "“Förslag B”" in content
    assert "förslagets nummer" in content


def test_no_tie_section_without_a_decisive_tie(client, make_round, official):
    budget_round, _proposals = publish(
        make_round, official, {"A": 30_000, "B": 30_000}, [["A"], ["A"], ["B"], ["A"], ["B"]]
    )
    content = client.get(reverse("results:detail", args=[budget_round.slug])).content.decode()
    assert "Lika röster som avgjorde något" not in content


def test_proposals_not_on_the_ballot_are_published_with_their_reasons(client, make_round, official):
    from django.utils import timezone

    from delaktig.assessments.models import Assessment
    from delaktig.proposals.tests.factories import ProposalFactory

    budget_round, _proposals = publish(
        make_round, official, {"A": 30_000, "B": 30_000}, [["A"], ["A"], ["B"]]
    )
    rejected = ProposalFactory(budget_round=budget_round, title="Konstgräs på månen")
    Assessment.objects.create(
        proposal=rejected,
        verdict="not_feasible",
        reason="Kommunen äger inte marken.",
        published_at=timezone.now(),
    )
    content = client.get(reverse("results:detail", args=[budget_round.slug])).content.decode()
    assert "Förslag som inte fanns på röstsedeln" in content
    assert "Konstgräs på månen" in content and "Kommunen äger inte marken." in content


def test_a_reader_can_pick_one_area(client, make_round, official):
    from delaktig.processes.tests.factories import AreaFactory

    budget_round = make_round("result", total_budget=60_000)
    north = AreaFactory(budget_round=budget_round, name="Norr", budget=30_000)
    south = AreaFactory(budget_round=budget_round, name="Söder", budget=30_000)
    boxes = {}
    for area in (north, south):
        boxes[area.name], _p = box_with_ballots(
            budget_round, costs={"A": 10_000}, ballots=[["A"]] * 5, budget_area=area
        )
        services.run_tally(by=official, box=boxes[area.name])
    services.publish_result(by=official, budget_round=budget_round)
    url = reverse("results:detail", args=[budget_round.slug])
    everything = client.get(url).content.decode()
    assert (
        f'id="box-{boxes["Norr"].pk}"' in everything
        and f'id="box-{boxes["Söder"].pk}"' in everything
    )
    one = client.get(url, {"omrade": boxes["Söder"].pk}).content.decode()
    assert f'id="box-{boxes["Söder"].pk}"' in one and f'id="box-{boxes["Norr"].pk}"' not in one
    assert "Visa alla områden" in one
    assert f'id="box-{boxes["Norr"].pk}"' in client.get(url, {"omrade": "x"}).content.decode()
