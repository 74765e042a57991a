"""Greedy by total support.

Rank the projects by total support - approvals (approval, choose-1), the sum of points
(cumulative) or the Borda score (ordinal: on a ballot ranking k projects, k-1 for the first, ...,
0 for the last) - highest first, ties broken by the tie-breaking order. Fund them in that order,
skipping any project that no longer fits the money left. Projects without support come last and
are funded if they fit. This is ``greedy_total_support`` in REFERENCE.tsv.

With ``Options(greedy_score="per-cost")`` the ranking is total satisfaction divided by cost, as in
pabutools' ``greedy_utilitarian_welfare`` (zero-cost supported projects first, unsupported last).
The same procedure completes MES (``add1-utilitarian``) from the money MES leaves.
"""

from __future__ import annotations

from collections.abc import Collection
from fractions import Fraction

from . import tiebreak
from .model import Instance, Profile
from .options import Options
from .outcome import Decision, Outcome, Phase, Round, TieBreak
from .satisfaction import Prepared, default_mes_sat, default_support, prepare
from .version import __version__


def greedy(instance: Instance, profile: Profile, *, options: Options | None = None) -> Outcome:
    options = options or Options()
    prep = prepare(instance, profile)
    rank = tiebreak.ranks(instance, options)
    result = fill(prep, options, rank, taken=(), money_left=prep.budget, phase=Phase.GREEDY)
    _, unit = prep.support(options)
    rule = "greedy" if options.greedy_score == "support" else "greedy[per-cost]"
    return Outcome(
        rule=rule,
        selected=tuple(instance.projects[p].id for p in result.selected),
        rounds=tuple(result.rounds),
        tie_breaks=tuple(result.ties),
        library_version=__version__,
        budget=instance.budget,
        cost=prep.unscale(prep.budget - result.money_left),
        support_unit=unit,
        options=options.as_dict(),
        details={"ranking": options.greedy_score, "measure": ranking_measure(prep, options)},
    )


def ranking_measure(prep: Prepared, options: Options) -> str:
    vt = prep.profile.vote_type
    if options.sat is not None:
        return options.sat
    return default_support(vt) if options.greedy_score == "support" else default_mes_sat(vt)


class FillResult:
    def __init__(self) -> None:
        self.selected: list[int] = []
        self.rounds: list[Round] = []
        self.ties: list[TieBreak] = []
        self.money_left = 0


def fill(
    prep: Prepared,
    options: Options,
    rank: list[int],
    *,
    taken: Collection[int],
    money_left: int,
    phase: Phase,
    first_number: int = 1,
) -> FillResult:
    """Fund the projects not in ``taken`` greedily from ``money_left`` (scaled money)."""
    measure = ranking_measure(prep, options)
    totals = prep.voters_listing if measure == "cardinality" else prep.totals(measure)
    shown, _ = prep.support(options)
    costs = prep.costs.tolist()
    taken_set = set(taken)
    todo = [p for p in range(prep.num_projects) if p not in taken_set]

    def score(p: int):
        if options.greedy_score == "support":
            return (0, -totals[p])
        if totals[p] > 0:
            return (0, Fraction(0)) if costs[p] == 0 else (1, -Fraction(totals[p], costs[p]))
        return (2, Fraction(0))

    keyed = sorted(todo, key=lambda p: (score(p), rank[p]))
    res = FillResult()
    method = tiebreak.describe(options)
    number = first_number
    k = 0
    while k < len(keyed):
        group_score = score(keyed[k])
        end = k
        while end < len(keyed) and score(keyed[end]) == group_score:
            end += 1
        group = keyed[k:end]
        money_at_start = money_left
        picked: list[int] = []
        skipped: list[int] = []
        first_round = number
        for p in group:
            fits = costs[p] <= money_left
            res.rounds.append(
                Round(
                    number=number,
                    project=prep.instance.projects[p].id,
                    decision=Decision.SELECTED if fits else Decision.DOES_NOT_FIT,
                    phase=phase,
                    cost=prep.instance.projects[p].cost,
                    money_left=prep.unscale(money_left),
                    support=shown[p],
                    voters=prep.voters_listing[p],
                )
            )
            number += 1
            if fits:
                money_left -= costs[p]
                res.selected.append(p)
                picked.append(p)
            else:
                skipped.append(p)
        if len(group) > 1 and picked and any(costs[q] <= money_at_start for q in skipped):
            ids = prep.instance.projects
            res.ties.append(
                TieBreak(
                    number=first_round,
                    candidates=tuple(ids[p].id for p in group),
                    chosen=ids[picked[0]].id,
                    method=method,
                    decisive=True,
                )
            )
        k = end
    res.money_left = money_left
    return res
