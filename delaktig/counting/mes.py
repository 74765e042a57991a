"""The Method of Equal Shares (MES), with the completions cities use.

Every voter gets an equal share of the budget, ``budget / voters``. In each round the project
that its supporters can buy at the lowest price per unit of satisfaction is bought, each supporter
paying in proportion to their satisfaction (or all they have left, if less). Projects whose
supporters cannot together pay for them are dropped. See ``_mes_engine`` for the computation.

Satisfaction: ``cost`` for approval and choose-1 ballots (a voter's satisfaction is the cost of
the approved projects funded, so all supporters of a project pay the same), ``points`` for
cumulative ballots, ``borda`` for ordinal ones; ``Options(sat=...)`` overrides. This matches
pabutools' ``method_of_equal_shares`` with ``Cost_Sat``, ``Additive_Cardinal_Sat`` and
``Additive_Borda_Sat``, including its tie-breaking.

Completions (``Options(completion=...)``), as pabutools' ``voter_budget_increment=1``:

* ``add1``: run MES with shares ``budget / voters``, then ``+1``, ``+2``, ... currency units per
  voter. Stop at the first run that leaves no supported project affordable with the money left
  (take it), or that spends more than the budget (take the run before it).
* ``add1-utilitarian``: ``add1``, then fund what still fits greedily by total support
  (pabutools: ``completion_by_rule_combination`` with the greedy rule).
"""

from __future__ import annotations

import math
from dataclasses import replace
from fractions import Fraction

from . import tiebreak
from ._mes_engine import MesData, RunResult, run
from .greedy import fill
from .model import Instance, Profile
from .options import Options
from .outcome import Decision, Outcome, Phase, Round, TieBreak
from .satisfaction import Prepared, default_mes_sat, prepare
from .version import __version__


def mes(instance: Instance, profile: Profile, *, options: Options | None = None) -> Outcome:
    options = options or Options()
    prep = prepare(instance, profile)
    sat = options.sat or default_mes_sat(profile.vote_type)
    rank = tiebreak.ranks(instance, options)
    data = MesData(prep, sat)
    exact = bool(options.exact)

    def once(per_voter: Fraction, track: bool = False) -> RunResult:
        return run(data, per_voter, rank, exact=exact, track=track and not exact)

    n = prep.num_voters
    if n == 0:
        final = RunResult(Fraction(0), [], [], 0, True)
    else:
        per_voter = Fraction(prep.budget, n)
        final = once(per_voter, track=options.completion != "none")
        if options.completion != "none":
            final = _add1(data, final, prep, once)

    rounds, ties = _explain(prep, data, final, options)
    selected = list(final.selected)
    money_left = prep.budget - final.spent
    if options.completion == "add1-utilitarian":
        extra = fill(
            prep,
            options,
            rank,
            taken=selected,
            money_left=money_left,
            phase=Phase.FILL,
            first_number=len(rounds) + 1,
        )
        selected += extra.selected
        rounds += extra.rounds
        ties += extra.ties
        money_left = extra.money_left
    chosen = set(selected)
    ties = [
        t
        if t.decisive
        else replace(t, decisive=not all(instance.index[c] in chosen for c in t.candidates))
        for t in ties
    ]
    rule = "mes" if options.completion == "none" else f"mes+{options.completion}"
    _, unit = prep.support(options)
    return Outcome(
        rule=rule,
        selected=tuple(instance.projects[p].id for p in selected),
        rounds=tuple(rounds),
        tie_breaks=tuple(ties),
        library_version=__version__,
        budget=instance.budget,
        cost=prep.unscale(prep.budget - money_left),
        support_unit=unit,
        options=options.as_dict(),
        details={
            "sat": sat,
            "per_voter_budget": prep.unscale(final.per_voter),
            "add1_steps": 0
            if n == 0
            else int((final.per_voter - Fraction(prep.budget, n)) / prep.scale),
            "exact_checks": final.checks,
        },
    )


def _add1(data: MesData, result: RunResult, prep: Prepared, once) -> RunResult:
    """Raise the per-voter share one currency unit at a time (``prep.scale`` scaled units), as
    pabutools' ``voter_budget_increment=1``: stop at the first exhaustive outcome, or return the
    one before the first that overspends.

    Shares below ``result.valid_until`` are proven to give the same outcome (see ``run``), so
    those steps are skipped: they would all continue the loop with an unchanged outcome. If no
    larger share can change the outcome, the loop stops there (pabutools would run forever).
    """
    step = prep.scale
    # Tracking costs time; after a tracked run that allowed no skip, track less often.
    backoff, wait = 1, 0
    while True:
        if _exhaustive(data, result, prep.budget):
            return result
        here = result.per_voter
        if result.valid_until == float("inf"):
            return result
        skip = 1
        if result.valid_until > float(here):
            skip = max(1, math.ceil((result.valid_until - float(here)) / step))
        track = wait == 0
        following = once(here + skip * step, track)
        if track:
            if following.valid_until >= float(following.per_voter) + 2 * step:
                backoff = 1
            else:
                backoff = min(2 * backoff, 16)
            wait = backoff
        wait -= 1 if wait else 0
        if following.spent > prep.budget:
            # the previous step: the same outcome as ``result``, recounted for its own figures
            return result if skip == 1 else once(here + (skip - 1) * step)
        result = following


def _exhaustive(data: MesData, result: RunResult, budget: int) -> bool:
    """No supported project outside the result fits the money left (as pabutools checks)."""
    left = budget - result.spent
    chosen = set(result.selected)
    return not any(
        data.costs[p] <= left for p in data.supported if p not in chosen and data.costs[p] > 0
    )


def _explain(
    prep: Prepared, data: MesData, result: RunResult, options: Options
) -> tuple[list[Round], list[TieBreak]]:
    projects = prep.instance.projects
    shown, _ = prep.support(options)
    voters = prep.voters_listing
    scale = prep.scale
    rounds: list[Round] = []
    ties: list[TieBreak] = []
    method = tiebreak.describe(options)
    left = prep.budget

    def add(p: int, decision: Decision, **extra) -> None:
        rounds.append(
            Round(
                number=len(rounds) + 1,
                project=projects[p].id,
                decision=decision,
                phase=Phase.MES,
                cost=projects[p].cost,
                money_left=prep.unscale(left),
                support=shown[p],
                voters=voters[p],
                **extra,
            )
        )

    for p in result.free:
        add(p, Decision.SELECTED_FREE)
    uniform = data.sat in ("cost", "cardinality")
    for ev in result.events:
        money = float(ev.money) / scale
        if not ev.selected:
            add(ev.project, Decision.SUPPORTERS_SHORT, supporters_money=money)
            continue
        rho = ev.rho
        price = {}
        if uniform:
            unit = data.costs[ev.project] if data.sat == "cost" else 1
            price["price_per_voter"] = float(rho * unit) / scale
        else:
            price["price_per_point"] = float(rho) / scale
        if len(ev.tied_with) > 1:
            ties.append(
                TieBreak(
                    number=len(rounds) + 1,
                    candidates=tuple(projects[q].id for q in ev.tied_with),
                    chosen=projects[ev.project].id,
                    method=method,
                    decisive=False,  # settled once the final selection is known
                )
            )
        add(ev.project, Decision.SELECTED, supporters_money=money, **price)
        left -= data.costs[ev.project]
    listed = {r.project for r in rounds}
    for p in range(prep.num_projects):
        if projects[p].id not in listed:
            add(p, Decision.NO_SUPPORT)
    return rounds, ties
