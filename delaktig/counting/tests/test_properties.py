"""Properties of every rule on generated elections (hypothesis)."""

from __future__ import annotations

import sys
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from delaktig.counting import Options, count, pabulib
from delaktig.counting.model import Ballot, Instance, Profile, Project
from delaktig.counting.satisfaction import default_mes_sat, prepare

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

VARIANTS = [
    ("greedy", Options()),
    ("greedy", Options(greedy_score="per-cost")),
    ("mes", Options()),
    ("mes", Options(completion="add1")),
    ("mes", Options(completion="add1-utilitarian")),
    ("mes", Options(sat="cardinality", tie_break="cost")),
    ("phragmen", Options()),
    ("phragmen", Options(tie_break="random", seed=3)),
]


@st.composite
def elections(draw, max_projects=7, max_voters=12):
    n_projects = draw(st.integers(1, max_projects))
    ids = [f"p{i}" for i in range(n_projects)]
    # small cost ranges make ties frequent; a decimal budget now and then
    costs = {i: draw(st.integers(0, 15)) for i in ids}
    budget = draw(st.integers(0, 60))
    if draw(st.booleans()):
        budget = Fraction(budget * 4 + draw(st.integers(0, 3)), 4)
    vote_type = draw(st.sampled_from(["approval", "choose-1", "cumulative", "ordinal"]))
    ballots = []
    for v in range(draw(st.integers(0, max_voters))):
        if vote_type == "choose-1":
            chosen = draw(st.lists(st.sampled_from(ids), max_size=1))
        else:
            # repeats are allowed on purpose: the duplicate rules apply
            chosen = draw(st.lists(st.sampled_from(ids), max_size=n_projects + 1))
            if vote_type == "approval":
                chosen = list(dict.fromkeys(chosen)) if draw(st.booleans()) else chosen
        points = None
        if vote_type == "cumulative":
            points = tuple(draw(st.integers(0, 6)) for _ in chosen)
        ballots.append(Ballot(tuple(chosen), points, voter_id=f"v{v}"))
    instance = Instance(budget, tuple(Project(i, costs[i]) for i in ids))
    return instance, Profile.from_ballots(instance, vote_type, ballots)


def supported(instance, profile, options):
    """Projects some voter gets positive satisfaction from, under the MES measure."""
    prep = prepare(instance, profile)
    sat = options.sat or default_mes_sat(profile.vote_type)
    totals = prep.totals(sat)
    return {instance.projects[p].id for p, t in enumerate(totals) if t > 0}


@SETTINGS
@given(elections(), st.sampled_from(VARIANTS))
def test_never_over_budget_and_deterministic(election, variant):
    instance, profile = election
    rule, options = variant
    out = count(instance, profile, rule, options)
    assert out.cost <= instance.budget
    assert out.cost == instance.cost_of(out.selected)
    assert len(set(out.selected)) == len(out.selected)
    assert count(instance, profile, rule, options) == out
    # every project gets a final decision, and the selected ones are the funded decisions
    finals = {p.id: out.round_of(p.id) for p in instance.projects}
    assert all(r is not None for r in finals.values())
    funded = {i for i, r in finals.items() if r.decision in ("selected", "selected_free")}
    assert funded == set(out.selected)


@SETTINGS
@given(elections(), st.sampled_from(VARIANTS), st.randoms(use_true_random=False))
def test_invariant_under_voter_reordering(election, variant, rnd):
    instance, profile = election
    rule, options = variant
    order = list(range(profile.num_voters))
    rnd.shuffle(order)
    shuffled = profile.reordered(order)
    assert count(instance, shuffled, rule, options).selected == (
        count(instance, profile, rule, options).selected
    )


@SETTINGS
@given(elections(), st.sampled_from(["greedy", "mes+add1-utilitarian"]))
def test_no_affordable_project_left_unfunded(election, rule):
    instance, profile = election
    if rule == "greedy":
        out = count(instance, profile, "greedy")
    else:
        out = count(instance, profile, "mes", Options(completion="add1-utilitarian"))
    left = instance.budget - out.cost
    assert all(p.cost > left for p in instance.projects if p.id not in out.selected)


@SETTINGS
@given(elections(), st.sampled_from(["none", "add1"]), st.sampled_from([None, "cardinality"]))
def test_mes_never_funds_a_project_nobody_supports(election, completion, sat):
    instance, profile = election
    options = Options(completion=completion, sat=sat)
    out = count(instance, profile, "mes", options)
    assert set(out.selected) <= supported(instance, profile, options)


@SETTINGS
@given(elections(), st.sampled_from(["none", "add1", "add1-utilitarian"]))
def test_mes_fast_path_equals_exact_arithmetic(election, completion):
    instance, profile = election
    fast = count(instance, profile, "mes", Options(completion=completion))
    exact = count(instance, profile, "mes", Options(completion=completion, exact=True))
    assert fast.selected == exact.selected
    assert fast.tie_breaks == exact.tie_breaks


@SETTINGS
@given(elections())
def test_pabulib_round_trip(election):
    instance, profile = election
    text = pabulib.dumps(instance, profile)
    back = pabulib.loads(text, check_limits=False)
    assert back.profile == profile
    assert back.instance.budget == instance.budget
    assert [(p.id, p.cost) for p in back.instance.projects] == [
        (p.id, p.cost) for p in instance.projects
    ]


def step_by_step(instance, profile, options):
    """MES with the add1 loop taking every step (no skipping), for comparison."""
    module = sys.modules["delaktig.counting.mes"]
    original = module.run

    def run_untracked(*args, **kwargs):
        kwargs["track"] = False
        return original(*args, **kwargs)

    module.run = run_untracked
    try:
        return count(instance, profile, "mes", options)
    finally:
        module.run = original


@SETTINGS
@given(
    elections(max_projects=6, max_voters=8),
    st.sampled_from(["add1", "add1-utilitarian"]),
    st.sampled_from([None, "cardinality"]),
)
def test_add1_skipping_matches_the_step_by_step_scan(election, completion, sat):
    instance, profile = election
    if instance.budget > 40:  # keep the scan short
        instance = Instance(Fraction(instance.budget) / 4, instance.projects)
    options = Options(completion=completion, sat=sat)
    fast = count(instance, profile, "mes", options)
    slow = step_by_step(instance, profile, options)
    assert fast.selected == slow.selected
    assert fast.details["per_voter_budget"] == slow.details["per_voter_budget"]
