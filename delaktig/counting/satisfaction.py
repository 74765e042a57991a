"""Shared preparation for the rules: integer money, satisfaction and support per ballot class.

Money is scaled to integers (a decimal budget such as ``2532645.83`` is counted in hundredths);
every rule is invariant under that scaling, and outcomes report unscaled amounts.

Satisfaction measures, per voter and project (as pabutools defines them):

* ``cost`` - the project's cost if the voter lists it, else 0;
* ``cardinality`` - 1 if the voter lists it;
* ``points`` - the points the voter gave it (cumulative; ordinal files may carry points too);
* ``borda`` - on a ballot ranking k projects, k-1 for the first, ..., 0 for the last.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

import numpy as np

from .model import Instance, Money, Profile
from .options import Options

SUPPORT_UNITS = {"cardinality": "votes", "cost": "cost", "points": "points", "borda": "borda"}


def default_mes_sat(vote_type: str) -> str:
    return {"approval": "cost", "choose-1": "cost", "cumulative": "points", "ordinal": "borda"}[
        vote_type
    ]


def default_support(vote_type: str) -> str:
    return {
        "approval": "cardinality",
        "choose-1": "cardinality",
        "cumulative": "points",
        "ordinal": "borda",
    }[vote_type]


@dataclass(frozen=True, eq=False)
class Prepared:
    """An instance and profile in the form the rules count on (built once per count)."""

    instance: Instance
    profile: Profile
    scale: int
    budget: int
    costs: np.ndarray  # int64, scaled
    weights: np.ndarray  # int64 per ballot class
    entry_class: np.ndarray  # one entry per (class, listed project)
    entry_project: np.ndarray
    entry_position: np.ndarray
    entry_length: np.ndarray

    @property
    def num_projects(self) -> int:
        return len(self.instance.projects)

    @property
    def num_voters(self) -> int:
        return self.profile.num_voters

    @property
    def num_classes(self) -> int:
        return self.profile.num_classes

    def unscale(self, value: int | Fraction) -> Money:
        v = Fraction(value, self.scale) if isinstance(value, int) else value / self.scale
        return int(v) if v.denominator == 1 else v

    def entry_sat(self, sat: str) -> np.ndarray:
        """Satisfaction (int64) of each entry under measure ``sat``."""
        vt = self.profile.vote_type
        if sat == "cost":
            return self.costs[self.entry_project]
        if sat == "cardinality":
            return np.ones(len(self.entry_project), dtype=np.int64)
        if sat == "points":
            if self.profile.class_points is None:
                raise ValueError(f"sat='points' needs ballots with points; these are {vt}")
            return np.asarray(self.profile.class_points, dtype=np.int64)
        if sat == "borda":
            if vt != "ordinal":
                raise ValueError(f"sat='borda' needs ordinal ballots; these are {vt}")
            return self.entry_length - self.entry_position - 1
        raise ValueError(f"unknown satisfaction {sat!r}")

    def totals(self, sat: str) -> list[int]:
        """Total satisfaction of every project over all voters (exact Python ints)."""
        sats = self.entry_sat(sat)
        weights = self.weights[self.entry_class]
        bound = int(sats.max(initial=0)) * max(self.num_voters, 1)
        if bound < 2**62:
            out = np.zeros(self.num_projects, dtype=np.int64)
            np.add.at(out, self.entry_project, sats * weights)
            return [int(x) for x in out]
        totals = [0] * self.num_projects  # exact Python ints for huge amounts
        for p, s, w in zip(
            self.entry_project.tolist(), sats.tolist(), weights.tolist(), strict=True
        ):
            totals[p] += s * w
        return totals

    @cached_property
    def voters_listing(self) -> list[int]:
        """Number of voters listing each project."""
        out = np.zeros(self.num_projects, dtype=np.int64)
        np.add.at(out, self.entry_project, self.weights[self.entry_class])
        return out.tolist()

    def support(self, options: Options) -> tuple[list[int], str]:
        """Total support per project as shown to people, and its unit."""
        measure = default_support(self.profile.vote_type)
        return (self.voters_listing if measure == "cardinality" else self.totals(measure)), (
            SUPPORT_UNITS[measure]
        )


def prepare(instance: Instance, profile: Profile) -> Prepared:
    if profile.project_ids != instance.project_ids:
        raise ValueError("the profile's projects are not the instance's projects (same order)")
    money = [instance.budget, *(p.cost for p in instance.projects)]
    scale = 1
    for m in money:
        if isinstance(m, Fraction):
            scale = math.lcm(scale, m.denominator)
    budget = int(instance.budget * scale)
    if max([budget, *(int(p.cost * scale) for p in instance.projects)]) >= 2**53:
        raise ValueError("amounts with this many decimals are too large to count exactly")
    costs = np.array([int(p.cost * scale) for p in instance.projects], dtype=np.int64)
    indptr = profile.class_indptr
    lengths = np.diff(indptr)
    entry_class = np.repeat(np.arange(profile.num_classes, dtype=np.int64), lengths)
    entry_position = np.arange(len(profile.class_items), dtype=np.int64) - indptr[entry_class]
    return Prepared(
        instance=instance,
        profile=profile,
        scale=scale,
        budget=budget,
        costs=costs,
        weights=np.asarray(profile.class_weights, dtype=np.int64),
        entry_class=entry_class,
        entry_project=np.asarray(profile.class_items, dtype=np.int64),
        entry_position=entry_position,
        entry_length=lengths[entry_class],
    )
