"""Immutable inputs of a count: an :class:`Instance` (budget and projects) and a :class:`Profile`.

Money is exact: an ``int`` (always, for the platform's kronor) or a ``Fraction`` when a
Pabulib file states a decimal budget such as ``2532645.83``.

A :class:`Profile` stores ballots compactly. Identical ballots are stored once (a *ballot
class*) and every voter points at its class, so 131 778 single-choice ballots are 197 classes
and one ``int32`` array. The rules work on the classes with their multiplicities.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from types import MappingProxyType
from typing import Any

import numpy as np

Money = int | Fraction

MAX_MONEY = 10**15  # larger budgets and costs are refused (exact float screening needs < 2**53)
MAX_POINTS = 10**9

VOTE_TYPES = ("approval", "choose-1", "cumulative", "ordinal")


def _frozen_mapping(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(value or {}))


def as_money(value: int | Fraction | str) -> Money:
    """Return ``value`` as an exact amount: an ``int`` when whole, else a ``Fraction``."""
    if isinstance(value, bool):
        raise TypeError("money cannot be a bool")
    if isinstance(value, float):
        raise TypeError("money must be exact (int, Fraction or decimal string), not float")
    frac = Fraction(value)
    if abs(frac) > MAX_MONEY:
        raise ValueError(f"amount {value} is larger than {MAX_MONEY}")
    if frac.denominator == 1:
        return int(frac)
    return frac


def format_money(value: Money) -> str:
    """``12320`` -> ``"12320"``, ``Fraction(253264583, 100)`` -> ``"2532645.83"``."""
    value = as_money(value)
    if isinstance(value, int):
        return str(value)
    den, digits = value.denominator, 0
    while den % 10 == 0 or den % 2 == 0 or den % 5 == 0:
        if den % 10 == 0:
            den //= 10
        elif den % 2 == 0:
            den //= 2
        else:
            den //= 5
        digits += 1
    if den != 1:
        raise ValueError(f"{value} has no exact decimal form")
    sign = "-" if value < 0 else ""
    scaled = abs(value) * 10**digits
    whole, frac = divmod(int(scaled), 10**digits)
    return f"{sign}{whole}.{frac:0{digits}d}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Project:
    """A proposal that can be funded. ``meta`` holds any further Pabulib columns as strings."""

    id: str
    cost: Money
    name: str = ""
    meta: Mapping[str, str] = field(default_factory=dict, compare=True, hash=False)

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id:
            raise ValueError("a project id must be a non-empty string")
        object.__setattr__(self, "cost", as_money(self.cost))
        if self.cost < 0:
            raise ValueError(f"project {self.id}: cost must not be negative")
        object.__setattr__(self, "meta", _frozen_mapping(self.meta))


@dataclass(frozen=True)
class Instance:
    """The budget and the projects on the ballot, in a fixed order."""

    budget: Money
    projects: tuple[Project, ...]
    meta: Mapping[str, str] = field(default_factory=dict, compare=True, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "budget", as_money(self.budget))
        if self.budget < 0:
            raise ValueError("budget must not be negative")
        object.__setattr__(self, "projects", tuple(self.projects))
        object.__setattr__(self, "meta", _frozen_mapping(self.meta))
        seen: set[str] = set()
        for p in self.projects:
            if p.id in seen:
                raise ValueError(f"project id {p.id!r} appears twice")
            seen.add(p.id)

    @cached_property
    def index(self) -> Mapping[str, int]:
        """Project id -> position in :attr:`projects`."""
        return MappingProxyType({p.id: i for i, p in enumerate(self.projects)})

    @property
    def project_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.projects)

    def project(self, project_id: str) -> Project:
        return self.projects[self.index[project_id]]

    def cost_of(self, project_ids: Iterable[str]) -> Money:
        return as_money(sum((self.project(pid).cost for pid in project_ids), Fraction(0)))


@dataclass(frozen=True)
class Ballot:
    """One voter's ballot, as the platform or a file states it.

    ``projects`` are project ids, most preferred first for ordinal ballots. ``points`` (cumulative,
    optional otherwise) are aligned with ``projects``.
    """

    projects: tuple[str, ...]
    points: tuple[int, ...] | None = None
    voter_id: str | None = None
    meta: Mapping[str, str] = field(default_factory=dict, compare=True, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "projects", tuple(self.projects))
        if self.points is not None:
            object.__setattr__(self, "points", tuple(int(x) for x in self.points))
            if len(self.points) != len(self.projects):
                raise ValueError("a ballot needs one points value per project")
            if any(not 0 <= x <= MAX_POINTS for x in self.points):
                raise ValueError(f"points must be between 0 and {MAX_POINTS}")
        object.__setattr__(self, "meta", _frozen_mapping(self.meta))


def normalise_ballot(
    vote_type: str, items: Sequence[int], points: Sequence[int] | None
) -> tuple[tuple[int, ...], tuple[int, ...] | None]:
    """Apply the duplicate rules and the canonical order of a ballot (project indices).

    A project listed twice counts once on an approval ballot, keeps the last points given on a
    cumulative one and its first position on an ordinal one. Approval and cumulative ballots are
    sets, so they are stored sorted by project position; ordinal ballots keep their order.
    """
    if vote_type == "ordinal":
        if len(set(items)) == len(items):
            return tuple(items), None if points is None else tuple(points)
        seen: dict[int, int] = {}
        for k, it in enumerate(items):
            seen.setdefault(it, k)
        keep = sorted(seen.values())
        return tuple(items[k] for k in keep), (
            None if points is None else tuple(points[k] for k in keep)
        )
    if points is None:
        return tuple(sorted(set(items))), None
    last = dict(zip(items, points, strict=True))  # later points overwrite earlier ones
    order = sorted(last)
    return tuple(order), tuple(last[i] for i in order)


@dataclass(frozen=True, eq=False)
class Profile:
    """All ballots of one round, stored as ballot classes (unique ballots) plus a class per voter.

    Build it with :meth:`from_ballots` (or the Pabulib reader). Arrays are read-only.

    * ``class_indptr``/``class_items`` - CSR of the unique ballots: project positions
      (into ``project_ids``), in ballot order (ordinal) or sorted (approval/cumulative);
    * ``class_points`` - points aligned with ``class_items``, or ``None``;
    * ``voter_class`` - the class of every voter (``int32``);
    * ``voter_ids`` - one string per voter, or ``None`` (then voters are numbered 1..n on export);
    * ``voter_meta`` - optional extra voter columns, one tuple of strings per column.
    """

    vote_type: str
    project_ids: tuple[str, ...]
    class_indptr: np.ndarray
    class_items: np.ndarray
    class_points: np.ndarray | None
    voter_class: np.ndarray
    voter_ids: tuple[str, ...] | None = None
    voter_meta: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.vote_type not in VOTE_TYPES:
            raise ValueError(f"unknown vote type {self.vote_type!r}; expected one of {VOTE_TYPES}")
        object.__setattr__(self, "project_ids", tuple(self.project_ids))
        for name, dtype in (
            ("class_indptr", np.int64),
            ("class_items", np.int32),
            ("class_points", np.int64),
            ("voter_class", np.int32),
        ):
            arr = getattr(self, name)
            if arr is None:
                continue
            arr = np.array(arr, dtype=dtype)  # a private copy
            arr.flags.writeable = False
            object.__setattr__(self, name, arr)
        if self.vote_type == "cumulative" and self.class_points is None:
            raise ValueError("cumulative ballots need points")
        if self.voter_ids is not None:
            object.__setattr__(self, "voter_ids", tuple(self.voter_ids))
            if len(self.voter_ids) != len(self.voter_class):
                raise ValueError("one voter id per voter")
        meta = {k: tuple(v) for k, v in (self.voter_meta or {}).items()}
        for k, v in meta.items():
            if len(v) != len(self.voter_class):
                raise ValueError(f"voter column {k!r} needs one value per voter")
        object.__setattr__(self, "voter_meta", MappingProxyType(meta))

    # -- construction ---------------------------------------------------------------------------

    @classmethod
    def from_ballots(
        cls,
        instance: Instance | Sequence[str],
        vote_type: str,
        ballots: Iterable[Ballot | Sequence[str]],
        *,
        voter_meta_columns: Sequence[str] = (),
    ) -> Profile:
        """Build a profile from :class:`Ballot` objects, or plain sequences of project ids
        (duplicates handled as documented; voters without ids are numbered on export)."""
        project_ids = instance.project_ids if isinstance(instance, Instance) else tuple(instance)
        index = {pid: i for i, pid in enumerate(project_ids)}
        classes: dict[tuple, int] = {}
        seen: dict[tuple, int] = {}  # the ballot as given -> its class
        voter_class: list[int] = []
        voter_ids: list[str | None] = []
        meta_cols: dict[str, list[str]] = {c: [] for c in voter_meta_columns}
        has_points = False
        for ballot in ballots:
            if isinstance(ballot, Ballot):
                given, pts = ballot.projects, ballot.points
                voter_ids.append(ballot.voter_id)
                for c in meta_cols:
                    meta_cols[c].append(ballot.meta.get(c, ""))
            else:
                given, pts = tuple(ballot), None
                voter_ids.append(None)
                for c in meta_cols:
                    meta_cols[c].append("")
            if pts is not None:
                has_points = True
            raw = (given, pts)
            k = seen.get(raw)
            if k is None:
                try:
                    items = [index[pid] for pid in given]
                except KeyError as exc:
                    raise ValueError(f"vote for unknown project {exc.args[0]!r}") from None
                if pts is None and vote_type == "cumulative":
                    if items:
                        raise ValueError("a cumulative ballot needs points")
                    pts = ()
                key = normalise_ballot(vote_type, items, pts)
                k = seen[raw] = classes.setdefault(key, len(classes))
            voter_class.append(k)
        has_points = has_points or vote_type == "cumulative"
        keys = list(classes)
        if has_points and any(k[1] is None and k[0] for k in keys):
            raise ValueError("either every ballot has points or none does")
        ids = None if any(v is None for v in voter_ids) else tuple(voter_ids)  # type: ignore[arg-type]
        if ids is not None and len(set(ids)) != len(ids):
            raise ValueError("duplicate voter id")
        return cls.from_classes(
            vote_type,
            project_ids,
            keys,
            np.asarray(voter_class, dtype=np.int32),
            voter_ids=ids,
            voter_meta=meta_cols,
            points=has_points,
        )

    @classmethod
    def from_classes(
        cls,
        vote_type: str,
        project_ids: Sequence[str],
        keys: Sequence[tuple[tuple[int, ...], tuple[int, ...] | None]],
        voter_class: np.ndarray,
        *,
        voter_ids: Sequence[str] | None = None,
        voter_meta: Mapping[str, Sequence[str]] | None = None,
        points: bool = False,
    ) -> Profile:
        """Build a profile from unique ballots (already normalised) and the class of each voter."""
        lengths = np.fromiter((len(k[0]) for k in keys), dtype=np.int64, count=len(keys))
        indptr = np.zeros(len(keys) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        items = np.fromiter((i for k in keys for i in k[0]), dtype=np.int32, count=int(indptr[-1]))
        pts = None
        if points:
            pts = np.fromiter(
                (x for k in keys for x in (k[1] if k[1] is not None else (0,) * len(k[0]))),
                dtype=np.int64,
                count=int(indptr[-1]),
            )
        return cls(
            vote_type=vote_type,
            project_ids=tuple(project_ids),
            class_indptr=indptr,
            class_items=items,
            class_points=pts,
            voter_class=voter_class,
            voter_ids=None if voter_ids is None else tuple(voter_ids),
            voter_meta={k: tuple(v) for k, v in (voter_meta or {}).items()},
        )

    # -- access ---------------------------------------------------------------------------------

    @property
    def num_voters(self) -> int:
        return len(self.voter_class)

    def __len__(self) -> int:
        return self.num_voters

    @property
    def num_classes(self) -> int:
        return len(self.class_indptr) - 1

    @cached_property
    def class_weights(self) -> np.ndarray:
        """Number of voters casting each unique ballot (``int64``)."""
        w = np.bincount(self.voter_class, minlength=self.num_classes).astype(np.int64)
        w.flags.writeable = False
        return w

    def class_ballot(self, k: int) -> tuple[tuple[int, ...], tuple[int, ...] | None]:
        lo, hi = int(self.class_indptr[k]), int(self.class_indptr[k + 1])
        items = tuple(int(x) for x in self.class_items[lo:hi])
        if self.class_points is None:
            return items, None
        return items, tuple(int(x) for x in self.class_points[lo:hi])

    def ballot(self, voter: int) -> Ballot:
        """The ballot of voter number ``voter`` (0-based), with project ids."""
        items, pts = self.class_ballot(int(self.voter_class[voter]))
        return Ballot(
            projects=tuple(self.project_ids[i] for i in items),
            points=pts,
            voter_id=None if self.voter_ids is None else self.voter_ids[voter],
            meta={k: v[voter] for k, v in self.voter_meta.items()},
        )

    def __iter__(self) -> Iterator[Ballot]:
        for v in range(self.num_voters):
            yield self.ballot(v)

    def __eq__(self, other: object) -> bool:
        """Same vote type, projects, voters (in order) with the same ballots, ids and columns."""
        if not isinstance(other, Profile):
            return NotImplemented
        if (
            self.vote_type != other.vote_type
            or self.project_ids != other.project_ids
            or self.num_voters != other.num_voters
            or self.voter_ids != other.voter_ids
            or dict(self.voter_meta) != dict(other.voter_meta)
        ):
            return False
        ids: dict[tuple, int] = {}
        mine = [ids.setdefault(self.class_ballot(k), len(ids)) for k in range(self.num_classes)]
        theirs = [ids.setdefault(other.class_ballot(k), len(ids)) for k in range(other.num_classes)]
        return bool(
            np.array_equal(
                np.asarray(mine, dtype=np.int64)[self.voter_class],
                np.asarray(theirs, dtype=np.int64)[other.voter_class],
            )
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"Profile(vote_type={self.vote_type!r}, voters={self.num_voters}, "
            f"unique_ballots={self.num_classes}, projects={len(self.project_ids)})"
        )

    def reordered(self, order: Sequence[int]) -> Profile:
        """The same ballots with the voters in another order (used by tests)."""
        order = np.asarray(order, dtype=np.int64)
        return Profile(
            vote_type=self.vote_type,
            project_ids=self.project_ids,
            class_indptr=self.class_indptr,
            class_items=self.class_items,
            class_points=self.class_points,
            voter_class=self.voter_class[order],
            voter_ids=None
            if self.voter_ids is None
            else tuple(self.voter_ids[i] for i in order.tolist()),
            voter_meta={k: tuple(v[i] for i in order.tolist()) for k, v in self.voter_meta.items()},
        )
