"""Issue 11: officials read the counting rules in plain Swedish, one sentence each, and the
comparison page names the rules in Swedish, not as the library's "mes+add1"."""

import pytest
from django.urls import reverse
from django.utils import translation

from delaktig.results.tests.factories import box_with_ballots
from delaktig.voting.rule_texts import rule_name

pytestmark = pytest.mark.django_db


@pytest.fixture
def mes_round(make_round):
    budget_round = make_round("result", total_budget=50_000)
    box, _ = box_with_ballots(
        budget_round,
        costs={"A": 30_000, "B": 20_000, "C": 10_000},
        ballots=[["A", "B"], ["A"], ["C"]],
        counting_rule="mes",
        completion="add1",
    )
    return budget_round, box


def test_rule_names_are_plain_swedish():
    assert rule_name("greedy") == "Flest röster först"
    assert rule_name("mes+add1") == "Lika andelar, pengar som blir över fördelas"
    assert rule_name("phragmen") == "Phragméns metod"


def test_the_comparison_page_uses_swedish_names_and_says_what_each_rule_does(
    client, official, mes_round
):
    budget_round, box = mes_round
    client.force_login(official)
    page = client.get(reverse("results_manage:compare", args=[budget_round.slug, box.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "mes+add1" not in html and ">greedy<" not in html and ">phragmen<" not in html
    assert "Lika andelar, pengar som blir över fördelas" in html
    assert "Flest röster först" in html and "Phragméns metod" in html
    assert "Så fungerar reglerna" in html
    assert "Förslagen får pengar i tur och ordning efter antal röster." in html
    assert "Varje väljare får en lika stor del av pengarna" in html


def test_the_count_page_says_what_the_boxs_rule_does(client, official, mes_round):
    budget_round, _box = mes_round
    client.force_login(official)
    html = client.get(reverse("results_manage:overview", args=[budget_round.slug])).content
    html = html.decode()
    assert "Lika andelar, pengar som blir över fördelas" in html
    assert "Så fungerar räkneregeln" in html
    assert "Om pengar blir över höjs varje väljares del steg för steg" in html


def test_the_ballot_design_page_says_what_each_rule_does(client, official, make_round):
    from delaktig.voting.models import BallotBox

    budget_round = make_round("assess")
    box = BallotBox.objects.create(budget_round=budget_round, kind="approval")
    client.force_login(official)
    page = client.get(reverse("voting_manage:box", args=[budget_round.slug, box.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Hur rösterna räknas" in html
    for sentence in (
        "Förslagen får pengar i tur och ordning efter antal röster.",
        "Varje väljare får en lika stor del av pengarna",
        "Förslagen väljs ett i taget",
        "Om pengar blir över höjs varje väljares del steg för steg",
        "Valda: lekplatsen och utegymmet.",
        "Valda: lekplatsen och hundrastgården.",
        "Valda: utegymmet och hundrastgården.",
    ):
        assert sentence in html


@pytest.mark.parametrize("completion", ["none", "add1", "add1-utilitarian"])
def test_the_worked_example_is_what_the_counting_library_gives(completion):
    """The example on the ballot design page, counted: each rule's sentence names the winners
    the library chooses, so a change to a rule cannot leave a wrong example there."""
    from delaktig.counting import Instance, Options, Profile, Project, count
    from delaktig.voting import rule_texts

    instance = Instance(
        budget=rule_texts.EXAMPLE_BUDGET,
        projects=tuple(
            Project(pid, cost, str(name))
            for pid, (name, cost) in rule_texts.EXAMPLE_PROPOSALS.items()
        ),
    )
    ballots = [chosen for voters, chosen in rule_texts.EXAMPLE_BALLOTS for _n in range(voters)]
    assert len(ballots) == 10  # "ten voters"
    profile = Profile.from_ballots(instance, "approval", ballots)
    for rule, winners in rule_texts.EXAMPLE_WINNERS.items():
        options = Options(completion=completion) if rule == "mes" else Options()
        outcome = count(instance, profile, rule=rule, options=options)
        assert tuple(sorted(outcome.selected)) == winners, rule
        assert not outcome.tie_breaks, rule  # nothing in the example is left to a tie-break
    with translation.override("en"):
        names = {pid: str(name).lower() for pid, (name, _c) in rule_texts.EXAMPLE_PROPOSALS.items()}
        sentences = {rule: str(text) for rule, text in rule_texts.RULE_EXAMPLES.items()}
    for rule, winners in rule_texts.EXAMPLE_WINNERS.items():
        chosen = sentences[rule].split("Chosen:")[1].split(".")[0]
        assert all(names[pid] in chosen for pid in winners), rule
        assert not any(names[pid] in chosen for pid in names if pid not in winners), rule
