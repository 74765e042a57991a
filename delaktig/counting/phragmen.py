"""Sequential Phragmén, as pabutools' ``sequential_phragmen`` computes it.

Voters earn virtual money continuously; a project is bought as soon as its supporters together
hold its cost, and buying it spends all their money (their *load* is equalised). In rounds: for
every remaining project ``p`` the load its supporters would carry if ``p`` were bought next is
``(sum of their loads + cost) / number of supporters``; the project with the lowest such load is
bought (ties go to the tie-breaking order). The rule stops as soon as that project (or any
project tied with it) does not fit the money left. Projects costing more than the whole budget
never take part. A voter supports the projects on their ballot (points and ranks are ignored).

Loads are exact fractions. They take few distinct values (one per round), so the engine keeps,
per project, how many of its supporters sit at each load level; floats rank the candidates and
exact fractions settle the best ones.
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd

import numpy as np

from . import tiebreak
from .model import Instance, Profile
from .options import Options
from .outcome import Decision, Outcome, Phase, Round, TieBreak
from .satisfaction import Prepared, prepare
from .version import __version__

TOL = 1e-9


def phragmen(instance: Instance, profile: Profile, *, options: Options | None = None) -> Outcome:
    options = options or Options()
    prep = prepare(instance, profile)
    rank = tiebreak.ranks(instance, options)
    num_p = prep.num_projects
    costs = prep.costs.tolist()
    budget = prep.budget
    weights = prep.weights
    approvals = prep.voters_listing
    shown, unit = prep.support(options)
    projects = instance.projects
    method = tiebreak.describe(options)

    supporters = _supporters(prep)
    class_start = np.asarray(prep.profile.class_indptr)
    class_items = np.asarray(prep.profile.class_items, dtype=np.int64)

    # Loads are exact: integers over one common denominator, loads[k] == load_num[k] / den.
    # Each class sits at one load level; count[p, k] = voters supporting p at level k.
    level = np.zeros(prep.num_classes, dtype=np.int64)
    den = 1
    load_num: list[int] = [0]
    loads_f = np.zeros(num_p + 2)
    count = np.zeros((num_p, num_p + 2), dtype=np.int64)
    count[:, 0] = approvals

    rounds: list[Round] = []
    ties: list[TieBreak] = []
    left = budget

    def add(p: int, decision: Decision, load: Fraction | None = None) -> None:
        rounds.append(
            Round(
                number=len(rounds) + 1,
                project=projects[p].id,
                decision=decision,
                phase=Phase.PHRAGMEN,
                cost=projects[p].cost,
                money_left=prep.unscale(left),
                support=shown[p],
                voters=approvals[p],
                load=None if load is None else float(load) / prep.scale,
            )
        )

    remaining = [p for p in range(num_p) if costs[p] <= budget]
    too_big = [p for p in range(num_p) if costs[p] > budget]
    open_ = np.zeros(num_p, dtype=bool)
    open_[remaining] = True
    has_support = np.asarray(approvals, dtype=np.int64) > 0
    approvals_f = np.asarray(approvals, dtype=np.float64)
    costs_f = prep.costs.astype(np.float64)
    selected: list[int] = []
    best: Fraction | None = None
    while remaining:
        nlev = len(load_num)
        candidates = np.flatnonzero(open_ & has_support)
        if len(candidates):
            # floats rank the candidates; exact fractions settle the ones near the best
            approx = (count[candidates, :nlev] @ loads_f[:nlev] + costs_f[candidates]) / (
                approvals_f[candidates]
            )
            near = candidates[approx <= approx.min() * (1 + TOL)].tolist()
            exact = {}
            for p in near:
                row = count[p, :nlev]
                total = sum(load_num[k] * int(row[k]) for k in np.flatnonzero(row).tolist())
                exact[p] = Fraction(total + costs[p] * den, approvals[p] * den)
            best = min(exact.values())
            tied = [p for p in near if exact[p] == best]
        else:  # only unsupported projects are left: they all tie at an infinite load
            best = None
            tied = list(remaining)
        tied = tiebreak.order(tied, rank)
        if any(costs[p] > left for p in tied):
            stop = next(p for p in tied if costs[p] > left)
            add(stop, Decision.DOES_NOT_FIT, best)
            for p in sorted(remaining, key=rank.__getitem__):
                if p != stop:
                    add(p, Decision.NOT_REACHED)
            break
        s = tied[0]
        if len(tied) > 1:
            ids = tuple(projects[p].id for p in tied)
            ties.append(TieBreak(len(rounds) + 1, ids, projects[s].id, method, False))
        add(s, Decision.SELECTED, best)
        left -= costs[s]
        selected.append(s)
        remaining.remove(s)
        open_[s] = False
        if best is None or not len(supporters[s]):
            continue
        # the supporters of s move to a new level, the load best
        new = len(load_num)
        new_den = den * best.denominator // gcd(den, best.denominator)
        if new_den != den:
            factor = new_den // den
            load_num = [x * factor for x in load_num]
            den = new_den
        load_num.append(best.numerator * (den // best.denominator))
        loads_f[new] = float(best)
        cls = supporters[s]
        starts, lens = class_start[cls], class_start[cls + 1] - class_start[cls]
        idx = np.repeat(starts - np.cumsum(lens) + lens, lens) + np.arange(lens.sum())
        listed = class_items[idx]
        w = np.repeat(weights[cls], lens).astype(np.float64)
        old = np.repeat(level[cls], lens)
        width = count.shape[1]
        moved = np.bincount(listed * width + old, weights=w, minlength=count.size)
        count -= np.rint(moved).astype(np.int64).reshape(count.shape)
        count[:, new] += np.rint(np.bincount(listed, weights=w, minlength=num_p)).astype(np.int64)
        level[cls] = new
    for p in too_big:
        add(p, Decision.OVER_BUDGET)
    chosen = set(selected)
    ties = [
        TieBreak(
            t.number,
            t.candidates,
            t.chosen,
            t.method,
            not all(instance.index[c] in chosen for c in t.candidates),
        )
        for t in ties
    ]
    return Outcome(
        rule="phragmen",
        selected=tuple(projects[p].id for p in selected),
        rounds=tuple(rounds),
        tie_breaks=tuple(ties),
        library_version=__version__,
        budget=instance.budget,
        cost=prep.unscale(budget - left),
        support_unit=unit,
        options=options.as_dict(),
        details={"max_load": float(Fraction(load_num[-1], den)) / prep.scale},
    )


def _supporters(prep: Prepared) -> list[np.ndarray]:
    """The ballot classes listing each project."""
    ec, ep = prep.entry_class, prep.entry_project
    order = np.argsort(ep.astype(np.int16) if prep.num_projects < 2**15 else ep, kind="stable")
    bounds = np.searchsorted(ep[order], np.arange(prep.num_projects + 1))
    return [ec[order[bounds[p] : bounds[p + 1]]] for p in range(prep.num_projects)]
