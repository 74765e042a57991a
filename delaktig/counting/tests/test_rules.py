"""The rules on small hand-made elections whose outcomes are worked out by hand."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from delaktig.counting import Decision, Options, count, greedy, mes, phragmen
from delaktig.counting.outcome import Phase

from .conftest import election

# 10 voters, 10 kr each under MES: six like a and b, four like c; everything costs 50
SPLIT = election(100, {"a": 50, "b": 50, "c": 50}, [["a", "b"]] * 6 + [["c"]] * 4)


def test_greedy_funds_by_support_and_skips_what_does_not_fit():
    inst, prof = election(100, {"a": 60, "b": 50, "c": 40}, [["a", "b"], ["a", "b"], ["a", "c"]])
    out = greedy(inst, prof)
    assert out.selected == ("a", "c")
    assert out.cost == 100
    assert out.budget == 100
    assert out.rule == "greedy"
    assert out.support_unit == "votes"
    b = out.round_of("b")
    # "Förslaget fick 2 röster men fick inte plats: 40 kr återstod och det kostar 50 kr."
    assert (b.decision, b.support, b.money_left, b.cost, b.phase) == (
        Decision.DOES_NOT_FIT,
        2,
        40,
        50,
        Phase.GREEDY,
    )
    assert [r.project for r in out.rounds] == ["a", "b", "c"]
    assert out.tie_breaks == ()


def test_greedy_ties_follow_the_tie_breaking_order():
    inst, prof = election(100, {"9": 60, "10": 60, "8": 50}, [["9", "10", "8"]])
    lexico = greedy(inst, prof)
    assert lexico.selected == ("10",)  # "10" < "8" < "9" as strings
    (tie,) = lexico.tie_breaks
    assert tie.candidates == ("10", "8", "9")
    assert (tie.chosen, tie.method, tie.decisive) == ("10", "lexico", True)
    cheap = greedy(inst, prof, options=Options(tie_break="cost"))
    assert cheap.selected == ("8",)
    assert cheap.tie_breaks[0].method == "cost"


def test_random_tie_breaking_is_reproducible():
    ids = {str(i): 10 for i in range(8)}
    inst, prof = election(10, ids, [list(ids)])
    picks = {
        greedy(inst, prof, options=Options(tie_break="random", seed=s)).selected for s in range(20)
    }
    assert len(picks) > 1
    once = greedy(inst, prof, options=Options(tie_break="random", seed=7))
    again = greedy(inst, prof, options=Options(tie_break="random", seed=7))
    assert once == again
    assert once.tie_breaks[0].method == "random(seed=7)"
    with pytest.raises(ValueError, match="seed"):
        Options(tie_break="random")


def test_greedy_points_borda_and_per_cost():
    inst, prof = election(
        10, {"a": 6, "b": 5, "c": 4}, [{"a": 3, "b": 1}, {"b": 3, "c": 3}], vote_type="cumulative"
    )
    out = greedy(inst, prof)
    assert out.support_unit == "points"
    assert [r.support for r in out.rounds] == [4, 3, 3]  # b, a, c
    assert out.selected == ("b", "c")
    per_cost = greedy(inst, prof, options=Options(greedy_score="per-cost"))
    assert per_cost.selected == ("b", "c")  # points per krona: b 0.8, c 0.75, a 0.5
    inst, prof = election(10, {"a": 6, "b": 5, "c": 4}, [["c", "a", "b"], ["a", "b"]], "ordinal")
    out = greedy(inst, prof)
    assert out.support_unit == "borda"
    # Borda: c 2, a 1 + 1, b 0 + 0
    assert [(r.project, r.support) for r in out.rounds] == [("a", 2), ("c", 2), ("b", 0)]
    assert out.selected == ("a", "c")


def test_greedy_funds_unsupported_projects_last_if_they_fit():
    inst, prof = election(100, {"a": 50, "b": 30, "z": 20}, [["a"], ["b"]])
    assert greedy(inst, prof).selected == ("a", "b", "z")


def test_mes_buys_for_the_group_that_can_pay():
    inst, prof = SPLIT
    out = mes(inst, prof)
    assert out.selected == ("a",)
    assert out.rule == "mes"
    a, b, c = (out.round_of(x) for x in "abc")
    assert a.decision == Decision.SELECTED
    assert a.price_per_voter == pytest.approx(50 / 6)
    assert b.decision == Decision.SUPPORTERS_SHORT
    assert b.supporters_money == pytest.approx(10)  # 6 x 1.67 left after paying for a
    assert c.decision == Decision.SUPPORTERS_SHORT
    assert c.supporters_money == pytest.approx(40)
    (tie,) = out.tie_breaks
    assert (tie.candidates, tie.chosen, tie.decisive) == (("a", "b"), "a", True)
    assert out.details["per_voter_budget"] == 10
    assert out.details["sat"] == "cost"


def test_mes_add1_raises_the_shares_until_the_budget_is_used():
    inst, prof = SPLIT
    out = mes(inst, prof, options=Options(completion="add1"))
    # at 13 kr per voter the four c voters hold 52 >= 50; 11 and 12 are not enough
    assert out.selected == ("a", "c")
    assert out.details["add1_steps"] == 3
    assert out.details["per_voter_budget"] == 13
    assert out.rule == "mes+add1"
    assert out.cost == 100


def test_mes_add1_utilitarian_fills_greedily():
    inst, prof = election(100, {"a": 50, "b": 40, "c": 10}, [["a"]] * 5 + [["b"]] * 5)
    plain = mes(inst, prof, options=Options(completion="add1"))
    assert set(plain.selected) == {"a", "b"}
    full = mes(inst, prof, options=Options(completion="add1-utilitarian"))
    assert full.selected[:2] == plain.selected
    assert full.selected[2:] == ("c",)  # nobody voted for c, but it fits
    assert full.round_of("c").phase == Phase.FILL
    assert full.cost == 100


def test_mes_previous_outcome_when_the_next_step_overspends():
    # one voter per project: 4 units each; raising to 5 would buy both and overspend
    inst, prof = election(9, {"a": 5, "b": 5}, [["a"], ["b"]])
    out = mes(inst, prof, options=Options(completion="add1"))
    assert out.selected == ()
    assert out.details["add1_steps"] == 0
    assert out.details["per_voter_budget"] == Fraction(9, 2)
    assert out.cost == 0


def test_mes_points_and_borda():
    inst, prof = election(
        30,
        {"a": 10, "b": 10, "c": 15},
        [{"a": 5, "c": 5}, {"b": 9, "c": 1}, {"a": 1}],
        "cumulative",
    )
    out = mes(inst, prof)
    assert out.details["sat"] == "points"
    assert out.round_of("a").price_per_point is not None
    # a: 10 / 6 points, b: 10 / 9 points -> b first
    assert out.selected[0] == "b"
    ordinal = election(
        30, {"a": 10, "b": 10, "c": 10}, [["a", "b", "c"]] * 2 + [["c", "b"]], "ordinal"
    )
    out = mes(*ordinal)
    assert out.details["sat"] == "borda"
    assert set(out.selected) <= {"a", "b", "c"}
    last = out.round_of("b")
    assert last is not None


def test_mes_never_funds_unsupported_or_last_ranked_projects():
    inst, prof = election(100, {"a": 10, "b": 10, "z": 1}, [["a", "b"], ["b", "a"]], "ordinal")
    out = mes(inst, prof)
    assert "z" not in out.selected
    assert out.round_of("z").decision == Decision.NO_SUPPORT


def test_mes_satisfaction_override():
    inst, prof = SPLIT
    out = mes(inst, prof, options=Options(sat="cardinality"))
    assert out.details["sat"] == "cardinality"
    assert out.selected == ("a",)
    with pytest.raises(ValueError, match="borda"):
        mes(inst, prof, options=Options(sat="borda"))


def test_mes_zero_cost_projects():
    inst, prof = election(10, {"a": 0, "b": 10}, [["a", "b"]])
    # with cost satisfaction a free project satisfies nobody, so MES leaves it (as pabutools)
    out = mes(inst, prof)
    assert out.selected == ("b",)
    assert out.round_of("a").decision == Decision.NO_SUPPORT
    assert mes(inst, prof, options=Options(completion="add1-utilitarian")).selected == ("b", "a")
    # with cardinality satisfaction it is bought first, at no cost
    out = mes(inst, prof, options=Options(sat="cardinality"))
    assert out.selected == ("a", "b")
    assert out.round_of("a").decision == Decision.SELECTED_FREE


def test_mes_exact_mode_agrees():
    inst, prof = SPLIT
    fast, exact = mes(inst, prof), mes(inst, prof, options=Options(exact=True))
    assert fast.selected == exact.selected
    assert [(r.project, r.decision) for r in fast.rounds] == [
        (r.project, r.decision) for r in exact.rounds
    ]
    assert fast.tie_breaks == exact.tie_breaks


def test_mes_without_voters():
    inst, prof = election(10, {"a": 1}, [])
    assert mes(inst, prof).selected == ()
    assert mes(inst, prof, options=Options(completion="add1-utilitarian")).selected == ("a",)


def test_phragmen_equalises_loads_and_stops_at_the_first_misfit():
    inst, prof = SPLIT
    out = phragmen(inst, prof)
    assert out.selected == ("a", "c")
    assert out.round_of("a").load == pytest.approx(50 / 6)
    assert out.round_of("c").load == pytest.approx(12.5)
    b = out.round_of("b")
    assert b.decision == Decision.DOES_NOT_FIT
    assert b.load == pytest.approx(50 / 6 + 50 / 6)
    assert out.tie_breaks[0].candidates == ("a", "b")


def test_phragmen_stops_rather_than_skips():
    inst, prof = election(
        100,
        {"big": 80, "x": 30, "w": 20, "huge": 200},
        [["big"]] * 4 + [["big", "w"], ["x"]],
    )
    out = phragmen(inst, prof)
    # big (load 16) first; then x (load 30) comes before w (load 36) and does not fit: stop,
    # although w would have fitted the 20 left
    assert out.selected == ("big",)
    assert out.round_of("x").decision == Decision.DOES_NOT_FIT
    assert out.round_of("w").decision == Decision.NOT_REACHED
    assert out.round_of("huge").decision == Decision.OVER_BUDGET


def test_count_entry_point_and_json():
    inst, prof = SPLIT
    out = count(inst, prof, "mes", Options(completion="add1"))
    data = json.loads(json.dumps(out.to_dict()))
    assert data["selected"] == ["a", "c"]
    assert data["rule"] == "mes+add1"
    assert data["cost"] == 100
    assert data["rounds"][0]["decision"] == "selected"
    assert count(inst, prof, "greedy").rule == "greedy"
    assert count(inst, prof, "phragmen").rule == "phragmen"
    with pytest.raises(ValueError, match="unknown rule"):
        count(inst, prof, "borda")


def test_decimal_budgets_are_exact():
    inst, prof = election(Fraction("100.5"), {"a": 50, "b": Fraction("50.5")}, [["a", "b"]] * 2)
    for rule in ("greedy", "mes", "phragmen"):
        out = count(inst, prof, rule)
        assert out.cost == Fraction("100.5")
        assert out.to_dict()["cost"] == "100.5"
