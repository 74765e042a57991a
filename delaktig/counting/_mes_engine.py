"""One run of the Method of Equal Shares for a fixed per-voter budget.

Voters are grouped into ballot classes (identical ballots); a class has one budget per voter and
a multiplicity. In every round each still-affordable project ``p`` has a price factor ``rho``: the
least value such that its supporters, each paying ``min(budget, rho * sat)``, raise its cost. The
project with the least ``rho`` is bought (ties go to the tie-breaking order); a project whose
supporters hold less than its cost is dropped for good.

Two numeric modes share one code path:

* exact - budgets are ``Fraction`` objects in numpy object arrays;
* fast - budgets are ``float64``. Every comparison carries an error bound many orders of
  magnitude above the worst rounding error; when a decision falls inside that bound (a possible
  tie, or supporters holding almost exactly the cost) the run raises :class:`NeedExact` and the
  caller repeats it exactly. So a fast run returns exactly what the exact run would.

Like pabutools, projects are re-evaluated lazily: budgets only fall, so a project's last ``rho``
is a lower bound, and a project whose supporters paid nothing since its last evaluation keeps it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from math import gcd

import numpy as np

from .satisfaction import Prepared

TOL = 1e-9  # relative error bound for the fast mode (rounding error is below 1e-12)


class NeedExact(Exception):  # noqa: N818 - a signal, not an error
    """A fast run met a decision it cannot settle in floating point."""


@dataclass
class Event:
    """What happened to one project in a run (display values are floats in the fast mode)."""

    project: int
    selected: bool
    money: float | Fraction  # what its supporters held when it was considered (scaled money)
    rho: float | Fraction | None = None
    tied_with: tuple[int, ...] = ()


@dataclass
class RunResult:
    per_voter: Fraction
    selected: list[int]
    events: list[Event]
    spent: int
    exact: bool
    free: list[int] = field(default_factory=list)
    checks: int = 0  # decisions settled in exact arithmetic


class MesData:
    """Supporters of every project under one satisfaction measure (sat > 0 only)."""

    def __init__(self, prep: Prepared, sat: str):
        self.prep = prep
        self.sat = sat
        num_p = prep.num_projects
        sats = prep.entry_sat(sat)
        keep = sats > 0
        ec, ep, eu = prep.entry_class[keep], prep.entry_project[keep], sats[keep]
        order = np.argsort(ep, kind="stable")
        ec, ep, eu = ec[order], ep[order], eu[order]
        bounds = np.searchsorted(ep, np.arange(num_p + 1))
        weights = prep.weights
        self.cls = [ec[bounds[p] : bounds[p + 1]] for p in range(num_p)]
        self.u = [eu[bounds[p] : bounds[p + 1]] for p in range(num_p)]
        self.w = [weights[c] for c in self.cls]
        self.utot = [sum((u * w).tolist()) for u, w in zip(self.u, self.w, strict=True)]
        self.wsum = [int(w.sum()) for w in self.w]
        self.uf = [u.astype(np.float64) for u in self.u]
        self.wf = [w.astype(np.float64) for w in self.w]
        self.wuf = [u * w for u, w in zip(self.uf, self.wf, strict=True)]
        self._exact: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self.costs = [int(c) for c in prep.costs]
        self.supported = [p for p in range(num_p) if self.utot[p] > 0]
        self.entries = int(bounds[-1])
        # which projects share supporters: bit matrix class x project
        dense = np.zeros((prep.num_classes, num_p), dtype=bool)
        dense[ec, ep] = True
        self.bits = np.packbits(dense, axis=1)
        self._touched: dict[int, list[int]] = {}

    def exact_arrays(self, p: int):
        if p not in self._exact:
            u = np.array(self.u[p].tolist(), dtype=object)
            w = np.array(self.w[p].tolist(), dtype=object)
            self._exact[p] = (u, w, u * w)
        return self._exact[p]

    def touched(self, p: int) -> list[int]:
        """Projects that share a supporter with ``p``."""
        found = self._touched.get(p)
        if found is None:
            merged = np.bitwise_or.reduce(self.bits[self.cls[p]], axis=0)
            mask = np.unpackbits(merged, count=self.prep.num_projects).astype(bool)
            found = self._touched[p] = np.flatnonzero(mask).tolist()
        return found


class ExactBudgets:
    """Exact voter budgets: Python-int numerators (numpy object array) over one denominator."""

    def __init__(self, data: MesData, per_voter: Fraction):
        self.data = data
        self.den = per_voter.denominator
        self.num = np.empty(data.prep.num_classes, dtype=object)
        self.num.fill(per_voter.numerator)

    def evaluate(self, p: int) -> tuple[Fraction | None, Fraction]:
        """(rho, supporters' money), rho ``None`` when they cannot afford ``p``."""
        data, den = self.data, self.den
        c, utot = data.costs[p], data.utot[p]
        u, w, wu = data.exact_arrays(p)
        bb = self.num[data.cls[p]]
        wb = w * bb
        total = wb.sum()
        cden = c * den
        if total < cden:
            return None, Fraction(total, den)
        num, dnm = c, utot  # rho = num / dnm
        poor = np.zeros(len(bb), dtype=bool)
        npoor = 0
        while True:
            # b < rho * u  <=>  bb * dnm < num * den * u
            poor |= bb * dnm < u * (num * den)
            k = int(np.count_nonzero(poor))
            if k == npoor:
                break
            npoor = k
            paid = wb[poor].sum()
            rich = utot - wu[poor].sum()
            num, dnm = cden - paid, den * rich
        return Fraction(num, dnm), Fraction(total, den)

    def pay(self, p: int, rho: Fraction) -> None:
        """Every supporter of ``p`` pays ``min(budget, rho * sat)``."""
        data = self.data
        new_den = self.den * rho.denominator // gcd(self.den, rho.denominator)
        k1, k2 = new_den // self.den, new_den // rho.denominator
        if k1 != 1:
            self.num = self.num * k1
        cls = data.cls[p]
        u = data.exact_arrays(p)[0]
        bb = self.num[cls]
        self.num[cls] = bb - np.minimum(bb, u * (rho.numerator * k2))
        self.den = new_den
        if new_den.bit_length() > 4096:  # keep the numbers small
            g = gcd(int(np.gcd.reduce(self.num)), new_den)
            if g > 1:
                self.num = self.num // g
                self.den = new_den // g

    def as_float(self) -> np.ndarray:
        den = self.den
        return np.array([x / den for x in self.num.tolist()], dtype=np.float64)


def run(data: MesData, per_voter: Fraction, rank: list[int], exact: bool = False) -> RunResult:
    """MES with every voter starting from ``per_voter`` (scaled money).

    ``exact=True`` evaluates every project in exact arithmetic (slow; for cross-checks). Otherwise
    floats screen the projects and the exact state is brought up to date (by replaying the
    rounds since the last check) only when a decision is too close to call in floats.
    """
    costs = data.costs
    ex = ExactBudgets(data, per_voter)
    pending: list[int] = []  # selected since the exact state was last brought up to date
    budget = np.full(data.prep.num_classes, float(per_voter))
    b0f = float(per_voter)
    checks = 0

    free = sorted((p for p in data.supported if costs[p] == 0), key=rank.__getitem__)
    active = [p for p in data.supported if costs[p] > 0]
    num_p = data.prep.num_projects
    value: list = [None] * num_p  # rho at the last evaluation (a lower bound since)
    err = [0.0] * num_p  # its error bound (fast mode)
    lower: list = [None] * num_p  # value - err: the order in which projects are examined
    money: list = [None] * num_p
    fresh = [False] * num_p  # no supporter has paid since the last evaluation
    for p in active:
        value[p] = Fraction(costs[p], data.utot[p]) if exact else costs[p] / data.utot[p]
        err[p] = 0.0 if exact else TOL * value[p]
        lower[p] = value[p] - err[p] if not exact else value[p]

    def sync() -> None:
        nonlocal budget, checks
        checks += 1
        for s in pending:
            rho, _ = ex.evaluate(s)
            ex.pay(s, rho)  # type: ignore[arg-type]
        pending.clear()
        budget = ex.as_float()

    def evaluate_float(p: int):
        """(rho, error bound, money); rho None if unaffordable; raises NeedExact if unclear."""
        cls, c = data.cls[p], costs[p]
        u, w, wu = data.uf[p], data.wf[p], data.wuf[p]
        bb = budget[cls]
        wb = w * bb
        total = wb.sum()
        slack = TOL * (c + data.wsum[p] * b0f)
        if total < c - slack:
            return None, 0.0, total
        if total <= c + slack:
            raise NeedExact
        utot = data.utot[p]
        rho = c / utot
        ratio = bb / u
        poor = ratio < rho
        npoor = int(np.count_nonzero(poor))
        rich_u = float(utot)
        while npoor:
            rich_u = utot - np.dot(wu, poor)
            if rich_u <= 0:  # pragma: no cover - impossible when total > c
                raise NeedExact
            rho = (c - np.dot(wb, poor)) / rich_u
            poor |= ratio < rho
            k = int(np.count_nonzero(poor))
            if k == npoor:
                break
            npoor = k
        return rho, slack / rich_u, total

    def evaluate(p: int):
        if exact:
            rho, total = ex.evaluate(p)
            return rho, 0.0, total
        try:
            return evaluate_float(p)
        except NeedExact:
            sync()
            rho, total = ex.evaluate(p)
            if rho is None:
                return None, 0.0, float(total)
            return float(rho), TOL * float(rho), float(total)

    selected: list[int] = []
    events: list[Event] = []
    spent = 0
    while active:
        order = sorted(active, key=lower.__getitem__)
        best = None
        best_err = 0.0
        seen: list[int] = []
        dropped: list[int] = []
        for p in order:
            if best is not None and (
                value[p] > best if exact else value[p] - err[p] > best + best_err
            ):
                break
            if not fresh[p]:
                rho, bound, total = evaluate(p)
                if rho is None:
                    dropped.append(p)
                    events.append(Event(p, False, total))
                    continue
                value[p], err[p], money[p], fresh[p] = rho, bound, total, True
                lower[p] = rho if exact else rho - bound
            seen.append(p)
            if best is None or value[p] < best:
                best, best_err = value[p], err[p]
        for p in dropped:
            active.remove(p)
        if best is None:
            break
        if exact:
            tied = [p for p in seen if value[p] == best]
            rho_exact: Fraction | None = best  # type: ignore[assignment]
        else:
            tied = [p for p in seen if value[p] - err[p] <= best + best_err]
            rho_exact = None
            if len(tied) > 1:  # too close to call in floats: settle exactly
                sync()
                exact_rho = {p: ex.evaluate(p)[0] for p in tied}
                rho_exact = min(exact_rho.values())  # type: ignore[type-var]
                tied = [p for p in tied if exact_rho[p] == rho_exact]
        tied.sort(key=rank.__getitem__)
        s = tied[0]
        if rho_exact is not None:
            ex.pay(s, rho_exact)
        else:
            pending.append(s)
        if not exact:
            cls = data.cls[s]
            bb = budget[cls]
            budget[cls] = bb - np.minimum(bb, float(rho_exact or value[s]) * data.uf[s])
        selected.append(s)
        spent += costs[s]
        events.append(Event(s, True, money[s], rho_exact or value[s], tuple(tied)))
        active.remove(s)
        for q in data.touched(s):
            fresh[q] = False
    return RunResult(
        per_voter=per_voter,
        selected=free + selected,
        events=events,
        spent=spent,
        exact=exact,
        free=free,
        checks=checks,
    )
