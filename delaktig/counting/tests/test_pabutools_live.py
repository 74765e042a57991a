"""Live comparison with pabutools (test-only dependency): small files, random elections."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from delaktig.counting import Options, count
from delaktig.counting.model import Ballot, Instance, Profile, Project

from .conftest import DATA, load, needs_data

pb = pytest.importorskip("pabutools.election")
rules = pytest.importorskip("pabutools.rules")

SAT = {"approval": "Cost_Sat", "choose-1": "Cost_Sat", "cumulative": "Additive_Cardinal_Sat"}
SAT["ordinal"] = "Additive_Borda_Sat"

RULES = ("mes", "mes+add1", "mes+add1-utilitarian", "phragmen", "greedy-per-cost")


def ours(instance, profile, rule: str) -> list[str]:
    if rule == "phragmen":
        out = count(instance, profile, "phragmen")
    elif rule == "greedy-per-cost":
        out = count(instance, profile, "greedy", Options(greedy_score="per-cost"))
    else:
        completion = rule.partition("+")[2] or "none"
        out = count(
            instance, profile, "mes", Options(completion=completion, greedy_score="per-cost")
        )
    return sorted(out.selected)


def theirs(p_inst, p_prof, vote_type: str, rule: str) -> list[str]:
    sat = getattr(pb, SAT[vote_type])
    if rule == "mes":
        out = rules.method_of_equal_shares(p_inst, p_prof, sat_class=sat)
    elif rule == "mes+add1":
        out = rules.method_of_equal_shares(p_inst, p_prof, sat_class=sat, voter_budget_increment=1)
    elif rule == "mes+add1-utilitarian":
        out = rules.completion_by_rule_combination(
            p_inst,
            p_prof,
            [rules.method_of_equal_shares, rules.greedy_utilitarian_welfare],
            [{"sat_class": sat, "voter_budget_increment": 1}, {"sat_class": sat}],
        )
    elif rule == "greedy-per-cost":
        out = rules.greedy_utilitarian_welfare(p_inst, p_prof, sat_class=sat)
    else:
        if vote_type not in ("approval", "choose-1"):
            p_prof = pb.ApprovalProfile([pb.ApprovalBallot(list(b)) for b in p_prof])
        out = rules.sequential_phragmen(p_inst, p_prof)
    return sorted(p.name for p in out)


SMALL = [
    "Poland_Gdansk_2020_Olszynka.pb",
    "Worldwide_Mechanical_Turk_Ranking_value_3.pb",
    "US_Stanford_Dataset_PB_Chicago_47th_Ward_2021_vote_knapsacks.pb",
    "Poland_Zabrze_2021_Rokitnica.pb",
    "Poland_Katowice_2025_Zarzecze.pb",
    "Poland_Gdynia_2025_Redlowo__small.pb",
]


@pytest.mark.parametrize("name", [pytest.param(n, marks=needs_data(n)) for n in SMALL])
@pytest.mark.parametrize("rule", RULES)
def test_small_files_against_pabutools(name, rule):
    p_inst, p_prof = pb.parse_pabulib(str(DATA / name))
    inst, prof = load(name)
    assert ours(inst, prof, rule) == theirs(p_inst, p_prof, prof.vote_type, rule)


def as_pabutools(instance: Instance, profile: Profile):
    projects = {p.id: pb.Project(p.id, p.cost) for p in instance.projects}
    p_inst = pb.Instance(projects.values(), budget_limit=instance.budget)
    ballots = list(profile)
    if profile.vote_type in ("approval", "choose-1"):
        p_prof = pb.ApprovalProfile(
            [pb.ApprovalBallot([projects[i] for i in b.projects]) for b in ballots]
        )
    elif profile.vote_type == "cumulative":
        p_prof = pb.CumulativeProfile(
            [
                pb.CumulativeBallot(
                    {projects[i]: Fraction(x) for i, x in zip(b.projects, b.points, strict=True)}
                )
                for b in ballots
            ]
        )
    else:
        p_prof = pb.OrdinalProfile(
            [pb.OrdinalBallot([projects[i] for i in b.projects]) for b in ballots]
        )
    return p_inst, p_prof


@st.composite
def elections(draw):
    n_projects = draw(st.integers(1, 5))
    ids = [str(i) for i in draw(st.permutations(list(range(1, 12))))[:n_projects]]
    costs = {i: draw(st.integers(1, 12)) for i in ids}
    budget = draw(st.integers(0, 30))
    vote_type = draw(st.sampled_from(["approval", "choose-1", "cumulative", "ordinal"]))
    n_voters = draw(st.integers(1, 7))
    ballots = []
    for _ in range(n_voters):
        if vote_type == "choose-1":
            chosen = [draw(st.sampled_from(ids))]
        else:
            chosen = draw(
                st.lists(st.sampled_from(ids), min_size=1, max_size=n_projects, unique=True)
            )
        points = [draw(st.integers(1, 5)) for _ in chosen] if vote_type == "cumulative" else None
        ballots.append(Ballot(tuple(chosen), None if points is None else tuple(points)))
    instance = Instance(budget, tuple(Project(i, costs[i]) for i in ids))
    return instance, Profile.from_ballots(instance, vote_type, ballots)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elections(), st.sampled_from(RULES))
def test_random_elections_against_pabutools(election, rule):
    instance, profile = election
    p_inst, p_prof = as_pabutools(instance, profile)
    assert ours(instance, profile, rule) == theirs(p_inst, p_prof, profile.vote_type, rule)


def test_pabutools_reads_titles_with_line_breaks():
    """The file Delaktig publishes for a recount stays readable by pabutools, whatever the
    titles hold (security review, issue 9, finding 12), and counts the same."""
    from pabutools.election.pabulib import parse_pabulib_from_string

    from delaktig.counting import pabulib

    from .test_pabulib import tricky_election

    inst, prof = tricky_election()
    p_inst, p_prof = parse_pabulib_from_string(pabulib.dumps(inst, prof))
    assert sorted(p.name for p in p_inst) == sorted(inst.project_ids)
    assert len(p_prof) == prof.num_voters
    assert ours(inst, prof, "mes") == theirs(p_inst, p_prof, "approval", "mes")
