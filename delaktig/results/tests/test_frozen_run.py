"""A published result is what was counted: its page, downloads and .pb come from the frozen run,
and the .pb names the exact rule and options, so a recount of the file gives the published
winners (issue 10; issue 11, broken 9)."""

import hashlib

import pytest
from django.urls import reverse

from delaktig.assessments.models import Assessment
from delaktig.counting import count, pabulib
from delaktig.counting.recount import settings_from_meta
from delaktig.proposals.models import Proposal
from delaktig.results import services
from delaktig.results.tests.factories import box_with_ballots

pytestmark = pytest.mark.django_db

COSTS = {"A": 30_000, "B": 25_000, "C": 20_000}
BALLOTS = [["A", "B"], ["A"], ["A", "C"], ["B", "C"], ["B"]]


def _published(make_round, official, **box):
    budget_round = make_round("result", total_budget=50_000)
    ballot_box, proposals = box_with_ballots(budget_round, costs=COSTS, ballots=BALLOTS, **box)
    run = services.run_tally(by=official, box=ballot_box)
    services.publish_result(by=official, budget_round=budget_round)
    return budget_round, ballot_box, proposals, run


def test_edits_after_publishing_change_neither_page_nor_downloads(client, make_round, official):
    budget_round, box, proposals, run = _published(make_round, official)
    page_url = reverse("results:detail", args=[budget_round.slug])
    pb_url = reverse("results:download_pb", args=[budget_round.slug, box.pk])
    csv_url = reverse("results:download_csv", args=[budget_round.slug, box.pk])
    before_pb = client.get(pb_url).content
    before_csv = client.get(csv_url).content
    assert "Förslag A" in client.get(page_url).content.decode()

    # after publishing, a title, a cost and the box's budget are edited
    Proposal.objects.filter(pk=proposals["A"].pk).update(title="Ändrad titel", estimated_cost=1)
    Assessment.objects.filter(proposal=proposals["A"]).update(official_cost=99_999)
    type(budget_round).objects.filter(pk=budget_round.pk).update(total_budget=1)
    from django.core.cache import cache

    cache.clear()  # the page is rendered anew, not served from the section cache

    body = client.get(page_url).content.decode()
    assert "Förslag A" in body and "Ändrad titel" not in body
    assert "30\xa0000" in body and "99\xa0999" not in body
    assert "50\xa0000" in body  # the budget counted with
    after_pb = client.get(pb_url).content
    assert after_pb == before_pb == run.pabulib_text.encode()
    assert hashlib.sha256(after_pb).hexdigest() == run.input_digest
    assert client.get(csv_url).content == before_csv


@pytest.mark.parametrize(
    ("kind", "ballots", "box"),
    [
        (
            "points",
            [{"A": 3, "B": 2}, {"C": 5}, {"B": 1, "A": 1, "C": 3}, {"A": 5}, {"C": 2}],
            {"total_points": 5},
        ),
        ("ranking", [["B", "A"], ["C"], ["A", "C", "B"], ["A"], ["C", "B"]], {"rank_count": 3}),
        ("approval", [["C", "A"], ["B"], ["A", "B", "C"], ["A"], ["C"]], {}),
    ],
)
def test_csv_from_the_frozen_file_matches_the_ballots_as_stored(
    client, make_round, official, kind, ballots, box
):
    budget_round = make_round("result", total_budget=50_000)
    ballot_box, _ = box_with_ballots(budget_round, costs=COSTS, ballots=ballots, kind=kind, **box)
    run = services.run_tally(by=official, box=ballot_box)
    services.publish_result(by=official, budget_round=budget_round)
    csv_url = reverse("results:download_csv", args=[budget_round.slug, ballot_box.pk])
    frozen = client.get(csv_url).content
    assert frozen.decode().count("\n") == 1 + len(ballots)
    # the same rows as read from the stored ballots (how runs without a frozen file are read)
    from delaktig.results.models import TallyRun

    TallyRun.objects.filter(pk=run.pk).update(pabulib_text="")
    assert client.get(csv_url).content == frozen


@pytest.mark.parametrize(
    ("box", "stated"),
    [
        (
            {"counting_rule": "mes", "completion": "add1"},
            {"rule": "mes+add1", "completion": "add1", "satisfaction": "cost"},
        ),
        (
            {"counting_rule": "mes", "completion": "none"},
            {"rule": "mes", "completion": "none", "satisfaction": "cost"},
        ),
        (
            {"counting_rule": "mes", "completion": "add1-utilitarian"},
            {"rule": "mes+add1-utilitarian", "greedy_score": "support"},
        ),
        ({"counting_rule": "greedy"}, {"rule": "greedy", "greedy_score": "support"}),
        ({"counting_rule": "phragmen"}, {"rule": "phragmen"}),
    ],
)
def test_the_file_names_its_count_and_a_recount_of_it_gives_the_published_winners(
    client, make_round, official, box, stated
):
    budget_round, ballot_box, _, run = _published(make_round, official, **box)
    pb = client.get(reverse("results:download_pb", args=[budget_round.slug, ballot_box.pk]))
    election = pabulib.loads(pb.content)
    meta = election.instance.meta
    assert stated.items() <= meta.items()
    assert meta["tie_break"] == "lexico"
    rule, options = settings_from_meta(meta)
    outcome = count(election.instance, election.profile, rule, options)
    assert outcome.rule == run.rule
    assert list(outcome.selected) == run.outcome["selected"]


def test_a_ranking_result_says_what_each_tally_counts(client, make_round, official):
    budget_round = make_round("result", total_budget=50_000)
    ballots = [["A", "B"], ["B", "A", "C"], ["C"], ["A"], ["B", "C"]]
    box, _ = box_with_ballots(budget_round, costs=COSTS, ballots=ballots, kind="ranking")
    services.run_tally(by=official, box=box)
    services.publish_result(by=official, budget_round=budget_round)
    body = client.get(reverse("results:detail", args=[budget_round.slug])).content.decode()
    assert "Röstsedlar som rangordnar förslaget" in body
    assert "rangordningspoäng" in body
