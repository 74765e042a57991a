"""One run of the Method of Equal Shares for a fixed per-voter budget.

Voters are grouped into ballot classes (identical ballots); a class has one budget per voter and
a multiplicity. In every round each still-affordable project ``p`` has a price factor ``rho``: the
least value such that its supporters, each paying ``min(budget, rho * sat)``, raise its cost. The
project with the least ``rho`` is bought (ties go to the tie-breaking order); a project whose
supporters hold less than its cost is dropped for good.

Budgets are kept two ways:

* fast - ``float64`` per class. Every comparison carries an error bound (``TOL``, relative to
  the amounts involved) about a thousand times above the worst rounding error;
* exact - :class:`ExactBudgets`, Python-int numerators over one common denominator, brought up
  to date lazily: only when a fast comparison falls inside its error bound (a possible tie, or
  supporters holding almost exactly the cost) are the rounds since the last check replayed
  exactly, and the decision is taken on exact values. So every decision is the one exact
  arithmetic takes. ``run(..., exact=True)`` uses exact values throughout (for cross-checks).

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


class NeedExact(Exception):
    """A fast comparison is too close to call in floating point."""


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
    valid_until: float = 0.0  # with track=True: same decisions for all shares below this


class MesData:
    """Supporters of every project under one satisfaction measure (sat > 0 only)."""

    def __init__(self, prep: Prepared, sat: str):
        self.prep = prep
        self.sat = sat
        num_p = prep.num_projects
        sats = prep.entry_sat(sat)
        keep = sats > 0
        ec, ep, eu = prep.entry_class[keep], prep.entry_project[keep], sats[keep]
        small = ep.astype(np.int16) if num_p < 2**15 else ep  # radix sort on small ints
        order = np.argsort(small, kind="stable")
        ec, ep, eu = ec[order], ep[order], eu[order]
        bounds = np.searchsorted(ep, np.arange(num_p + 1))
        weights = prep.weights
        self.cls = [ec[bounds[p] : bounds[p + 1]] for p in range(num_p)]
        self.u = [eu[bounds[p] : bounds[p + 1]] for p in range(num_p)]
        self.w = [weights[c] for c in self.cls]
        self.utot = [
            int((u * w).sum())
            if len(u) and int(u.max()) * int(w.sum()) < 2**62
            else sum((u * w).tolist())  # exact Python ints when int64 could overflow
            for u, w in zip(self.u, self.w, strict=True)
        ]
        self.wsum = [int(w.sum()) for w in self.w]
        self.uf = [u.astype(np.float64) for u in self.u]
        self.wf = [w.astype(np.float64) for w in self.w]
        self.wuf = [u * w for u, w in zip(self.uf, self.wf, strict=True)]
        self._exact: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self.costs = [int(c) for c in prep.costs]
        self.supported = [p for p in range(num_p) if self.utot[p] > 0]
        self.entries = int(bounds[-1])
        # which projects share supporters: a packed bit matrix class x project (as np.packbits)
        width = (num_p + 7) // 8
        byte_values = np.bincount(  # (class, project) pairs are distinct: sums are ORs
            ec * width + (ep >> 3), weights=128 >> (ep & 7), minlength=prep.num_classes * width
        )
        self.bits = byte_values.astype(np.uint8).reshape(prep.num_classes, width)
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

    def evaluate(self, p: int) -> tuple[Fraction | None, Fraction, bool]:
        """(rho, supporters' money, whether some supporter pays less than rho * sat); rho is
        ``None`` when they cannot afford ``p``."""
        data, den = self.data, self.den
        c, utot = data.costs[p], data.utot[p]
        u, w, wu = data.exact_arrays(p)
        bb = self.num[data.cls[p]]
        wb = w * bb
        total = wb.sum()
        cden = c * den
        if total < cden:
            return None, Fraction(total, den), True
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
        return Fraction(num, dnm), Fraction(total, den), npoor > 0

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


def run(
    data: MesData, per_voter: Fraction, rank: list[int], exact: bool = False, track: bool = False
) -> RunResult:
    """MES with every voter starting from ``per_voter`` (scaled money).

    ``exact=True`` evaluates every project in exact arithmetic (slow; for cross-checks). Otherwise
    floats screen the projects and the exact state is brought up to date (by replaying the
    rounds since the last check) only when a decision is too close to call in floats.

    ``track=True`` (for the add1 completion) also finds how far the starting share ``x`` can grow
    with every decision of the run unchanged. With the decisions fixed, every budget, price and
    sum of money is an affine function of ``x``, and each decision is the sign of one of them:
    the supporters' money against the cost, a voter's budget against their price, a project's
    price (or a lower bound on it) against the chosen one's. The run keeps the slopes and returns
    in ``valid_until`` the least ``x`` at which one of them could change sign (with a safety
    margin); the decisions, hence the outcome, are the same for every share below it. The set of
    shares with given decisions is an interval because each condition is affine (a price lower
    bound from any split into paying-in-full and capped voters stays a lower bound).
    """
    state = _Run(data, per_voter, rank, exact, track)
    while state.active:
        best, best_err, seen = state.examine_candidates()
        if best is None:
            break
        tied, rho = state.settle_ties(seen, best, best_err)
        tied.sort(key=rank.__getitem__)
        state.buy(tied[0], rho, tied)
    return state.result()


class _Run:
    """The state of one run and its steps; :func:`run` drives them round by round."""

    def __init__(
        self, data: MesData, per_voter: Fraction, rank: list[int], exact: bool, track: bool
    ):
        self.data, self.per_voter, self.rank = data, per_voter, rank
        self.exact, self.track = exact, track
        costs = self.costs = data.costs
        self.ex = ExactBudgets(data, per_voter) if exact else None  # else made on first check
        self.pending: list[int] = []  # selected since the exact state was last brought up to date
        self.budget = np.full(data.prep.num_classes, float(per_voter))
        self.b0f = float(per_voter)
        self.checks = 0
        # d budget / d share, per class; price and money slopes per project (track=True only)
        self.slope = np.ones(data.prep.num_classes) if track else None
        self.hi = float("inf")
        self.free = sorted((p for p in data.supported if costs[p] == 0), key=rank.__getitem__)
        self.active = [p for p in data.supported if costs[p] > 0]
        num_p = data.prep.num_projects
        self.value: list = [None] * num_p  # rho at the last evaluation (a lower bound since)
        self.err = [0.0] * num_p  # its error bound (fast mode)
        self.lower: list = [None] * num_p  # value - err: the order in which projects are examined
        self.money: list = [None] * num_p
        self.fresh = [False] * num_p  # no supporter has paid since the last evaluation
        self.value_slope = [0.0] * num_p
        self.money_slope = [0.0] * num_p
        self.capped = [False] * num_p  # some supporter pays all they have (last evaluation)
        self.at_floor = [False] * num_p  # certainly nobody capped (fast mode, last evaluation)
        self.stable: set[int] = set()  # projects in an exact tie that holds for every share
        self.selected: list[int] = []
        self.events: list[Event] = []
        self.spent = 0
        self.start_at_floor_prices()

    def start_at_floor_prices(self) -> None:
        """Before anyone pays, a project's price is its cost / its supporters' satisfaction."""
        costs, utot, exact = self.costs, self.data.utot, self.exact
        for p in self.active:
            value = Fraction(costs[p], utot[p]) if exact else costs[p] / utot[p]
            self.value[p] = value
            self.err[p] = 0.0 if exact else TOL * value
            self.lower[p] = value - self.err[p] if not exact else value

    # -- how far the share may grow with the same decisions (track=True) ----------------------

    def cap(self, room: float) -> None:
        """The decisions hold for shares up to ``room`` above this one (less a safety margin)."""
        self.hi = min(self.hi, self.b0f + max(room, 0.0) * (1 - 1e-6))

    def limit(self, f: float, fp: float, margin: float) -> None:
        """Keep ``hi`` below the share where ``f + fp * (x - x0)`` (now ``f > 0``) reaches 0."""
        if f <= margin:
            self.cap(0.0)
        elif fp < 0:
            self.cap((f - margin) / -fp)

    # -- evaluating one project -----------------------------------------------------------------

    def catch_up_exact(self) -> None:
        """Replay the purchases since the last check in exact arithmetic; floats follow them."""
        self.checks += 1
        if self.ex is None:
            self.ex = ExactBudgets(self.data, self.per_voter)
        ex = self.ex
        for s in self.pending:
            rho, _, _ = ex.evaluate(s)
            ex.pay(s, rho)  # type: ignore[arg-type]
        self.pending.clear()
        self.budget = ex.as_float()

    def evaluate_in_floats(self, p: int):
        """(rho, error bound, money, rho slope, money slope); rho None if unaffordable; raises
        NeedExact if unclear."""
        data, track = self.data, self.track
        cls, c = data.cls[p], self.costs[p]
        u, w, wu = data.uf[p], data.wf[p], data.wuf[p]
        bb = self.budget[cls]
        wb = w * bb
        total = wb.sum()
        slack = TOL * (c + data.wsum[p] * self.b0f)
        wg = w * self.slope[cls] if track else None
        total_slope = wg.sum() if track else 0.0
        self.at_floor[p] = False
        if total < c - slack:
            if track:
                self.limit(c - total, -total_slope, slack)
            return None, 0.0, total, 0.0, total_slope
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
        rho_slope = -np.dot(wg, poor) / rich_u if track and npoor else 0.0
        self.capped[p] = npoor > 0
        # nobody capped with room to spare: rho is exactly the floor cost / total satisfaction
        self.at_floor[p] = not npoor and float(ratio.min()) > rho * (1 + 1e3 * TOL)
        return rho, slack / rich_u, total, rho_slope, total_slope

    def evaluate(self, p: int):
        """Like :meth:`evaluate_in_floats`, exactly when the run is exact or floats cannot tell."""
        if self.exact:
            assert self.ex is not None
            rho, total, self.capped[p] = self.ex.evaluate(p)
            return rho, 0.0, total, 0.0, 0.0
        try:
            return self.evaluate_in_floats(p)
        except NeedExact:
            self.catch_up_exact()
            self.cap(0.0)  # money almost exactly the cost: do not extrapolate from this run
            self.at_floor[p] = False
            assert self.ex is not None
            rho, total, self.capped[p] = self.ex.evaluate(p)
            if rho is None:
                return None, 0.0, float(total), 0.0, 0.0
            return float(rho), TOL * float(rho), float(total), 0.0, 0.0

    # -- one round ------------------------------------------------------------------------------

    def examine_candidates(self):
        """Re-price projects in order of their lower bounds until none can beat the best; drop
        those their supporters can no longer afford. Returns (best price, its error bound, the
        projects priced this round), the price ``None`` when nothing is affordable."""
        exact, value, err, lower, fresh = self.exact, self.value, self.err, self.lower, self.fresh
        best = None
        best_err = 0.0
        seen: list[int] = []
        dropped: list[int] = []
        for p in sorted(self.active, key=lower.__getitem__):
            if best is not None and (
                value[p] > best if exact else value[p] - err[p] > best + best_err
            ):
                break
            if not fresh[p]:
                rho, bound, total, rho_slope, total_slope = self.evaluate(p)
                if rho is None:
                    dropped.append(p)
                    self.events.append(Event(p, False, total))
                    continue
                value[p], err[p], self.money[p], fresh[p] = rho, bound, total, True
                self.value_slope[p], self.money_slope[p] = rho_slope, total_slope
                lower[p] = rho if exact else rho - bound
            seen.append(p)
            if best is None or value[p] < best:
                best, best_err = value[p], err[p]
        for p in dropped:
            self.active.remove(p)
        return best, best_err, seen

    def settle_ties(self, seen: list[int], best, best_err: float):
        """The projects that share the best price, and that price when known exactly."""
        value, err = self.value, self.err
        if self.exact:
            return [p for p in seen if value[p] == best], best
        tied = [p for p in seen if value[p] - err[p] <= best + best_err]
        rho_exact = None
        if len(tied) > 1 and all(self.at_floor[p] for p in tied):
            # every price is its floor, a fraction known exactly; the floors stay the
            # prices' lower bounds and the chosen price for every share, so the choice
            # (by floor, then by rank) does not depend on the share
            floor = {p: Fraction(self.costs[p], self.data.utot[p]) for p in tied}
            least = min(floor.values())
            tied = [p for p in tied if floor[p] == least]
            self.stable = set(floor)
        elif len(tied) > 1:  # too close to call in floats: settle exactly
            self.catch_up_exact()
            assert self.ex is not None
            exact_rho = {}
            for p in tied:
                exact_rho[p], _, self.capped[p] = self.ex.evaluate(p)
            rho_exact = min(exact_rho.values())  # type: ignore[type-var]
            tied = [p for p in tied if exact_rho[p] == rho_exact]
            if len(tied) == 1 or any(self.capped[p] for p in tied):
                self.cap(0.0)  # a near or moving tie: do not extrapolate from this run
            else:
                # everyone pays rho * sat for each tied project: each price is at its
                # floor cost / total sat, which is the same for all, for every share
                self.stable = set(tied)
        return tied, rho_exact

    def keep_choice_for_higher_shares(self, s: int) -> None:
        """The conditions under which ``s`` is this round's choice, as limits on the share."""
        data, value, err, value_slope = self.data, self.value, self.err, self.value_slope
        others = [q for q in self.active if q != s and q not in self.stable]
        if others:
            # every other project's price (or lower bound) stays above the chosen one's
            gap = np.array([value[q] for q in others]) - value[s]
            gap_slope = np.array([value_slope[q] for q in others]) - value_slope[s]
            margin = np.array([err[q] for q in others]) + err[s]
            if np.any(gap <= margin):
                self.cap(0.0)
                return
            falling = gap_slope < 0
            if np.any(falling):
                self.cap(float(((gap[falling] - margin[falling]) / -gap_slope[falling]).min()))
        # its supporters' money stays above its cost
        c = self.costs[s]
        self.limit(self.money[s] - c, self.money_slope[s], TOL * (c + data.wsum[s] * self.b0f))
        # each supporter stays on the same side: paying rho * sat, or all they have
        cls, u = data.cls[s], data.uf[s]
        bb, gg = self.budget[cls], self.slope[cls]
        pay, pay_slope = value[s] * u, value_slope[s] * u
        poor = bb < pay
        f = np.where(poor, pay - bb, bb - pay)
        fp = np.where(poor, pay_slope - gg, gg - pay_slope)
        margin = TOL * (bb + pay) + 1e-12 * self.b0f
        if np.any(f <= margin):
            self.cap(0.0)
            return
        falling = fp < 0
        if np.any(falling):
            self.cap(float(((f[falling] - margin[falling]) / -fp[falling]).min()))

    def buy(self, s: int, rho_exact, tied: list[int]) -> None:
        """Fund ``s``: its supporters pay (exactly now, or later when the floats need it)."""
        if rho_exact is not None:
            assert self.ex is not None
            self.ex.pay(s, rho_exact)
        else:
            self.pending.append(s)
        if self.track and self.hi > self.b0f:
            self.keep_choice_for_higher_shares(s)
        self.stable = set()
        if not self.exact:
            self.pay_in_floats(s, float(rho_exact or self.value[s]))
        self.selected.append(s)
        self.spent += self.costs[s]
        self.events.append(Event(s, True, self.money[s], rho_exact or self.value[s], tuple(tied)))
        self.active.remove(s)
        for q in self.data.touched(s):
            self.fresh[q] = False

    def pay_in_floats(self, s: int, rho: float) -> None:
        """Every supporter of ``s`` pays ``min(budget, rho * sat)`` from the float budgets."""
        cls = self.data.cls[s]
        u = self.data.uf[s]
        bb = self.budget[cls]
        if self.track:
            poor = bb < rho * u
            self.slope[cls] = np.where(poor, 0.0, self.slope[cls] - self.value_slope[s] * u)
        self.budget[cls] = bb - np.minimum(bb, rho * u)

    def result(self) -> RunResult:
        return RunResult(
            per_voter=self.per_voter,
            selected=self.free + self.selected,
            events=self.events,
            spent=self.spent,
            exact=self.exact,
            free=self.free,
            checks=self.checks,
            valid_until=self.hi if self.track else self.b0f,
        )
