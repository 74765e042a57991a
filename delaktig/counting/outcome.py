"""The result of a count, with its steps as data (codes and numbers, never prose).

The platform turns each :class:`Round` into a sentence, e.g. for
``Round(decision=DOES_NOT_FIT, support=412, money_left=18000, cost=25000)``:
"Förslaget fick 412 röster men fick inte plats: 18 000 kr återstod och det kostar 25 000 kr."
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType
from typing import Any

from .model import Money, format_money


class Decision(StrEnum):
    SELECTED = "selected"
    """Funded."""
    SELECTED_FREE = "selected_free"
    """Funded at no cost (MES funds supported zero-cost projects first)."""
    DOES_NOT_FIT = "does_not_fit"
    """Its cost is more than the money left (greedy, fill, or Phragmén's stopping point)."""
    SUPPORTERS_SHORT = "supporters_short"
    """MES: its supporters' remaining shares (``supporters_money``) are less than its cost."""
    NO_SUPPORT = "no_support"
    """MES: no voter gets any satisfaction from it."""
    OVER_BUDGET = "over_budget"
    """Phragmén: it costs more than the whole budget, so it never takes part."""
    NOT_REACHED = "not_reached"
    """Phragmén: the rule stopped before this project's turn."""


class Phase(StrEnum):
    GREEDY = "greedy"
    MES = "mes"
    FILL = "fill"
    """The greedy completion after MES (``add1-utilitarian``)."""
    PHRAGMEN = "phragmen"


@dataclass(frozen=True)
class Round:
    """One decision about one project.

    ``support`` is in the unit given by :attr:`Outcome.support_unit` (votes, points or Borda
    points); ``voters`` counts the voters who support the project. Money is exact except the
    MES/Phragmén display values (``price_per_voter``, ``price_per_point``, ``load``,
    ``supporters_money``), which may be floats: decisions never rest on them.
    """

    number: int
    project: str
    decision: Decision
    phase: Phase
    cost: Money
    money_left: Money
    support: int | None = None
    voters: int | None = None
    supporters_money: float | Fraction | None = None
    price_per_voter: float | Fraction | None = None
    price_per_point: float | Fraction | None = None
    load: float | Fraction | None = None


@dataclass(frozen=True)
class TieBreak:
    """A tie the rule broke at round ``number``: ``candidates`` were equal, ``chosen`` went first.

    ``decisive`` is true when the tie changed which projects were funded (not only their order).
    """

    number: int
    candidates: tuple[str, ...]
    chosen: str
    method: str
    decisive: bool


@dataclass(frozen=True)
class Outcome:
    rule: str
    selected: tuple[str, ...]
    rounds: tuple[Round, ...]
    tie_breaks: tuple[TieBreak, ...]
    library_version: str
    budget: Money
    cost: Money
    support_unit: str = "votes"
    options: Mapping[str, Any] = field(default_factory=dict, hash=False)
    details: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "options", MappingProxyType(dict(self.options)))
        object.__setattr__(self, "details", MappingProxyType(dict(self.details)))

    @property
    def money_left(self) -> Money:
        return self.budget - self.cost

    def round_of(self, project_id: str) -> Round | None:
        """The final decision about a project (its last round)."""
        found = None
        for r in self.rounds:
            if r.project == project_id:
                found = r
        return found

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: exact non-integers become strings such as ``"2532645.83"`` or
        ``"1/3"``; display floats stay floats."""
        return {
            "rule": self.rule,
            "selected": list(self.selected),
            "cost": _json(self.cost),
            "budget": _json(self.budget),
            "library_version": self.library_version,
            "support_unit": self.support_unit,
            "options": {k: _json(v) for k, v in self.options.items()},
            "details": {k: _json(v) for k, v in self.details.items()},
            "tie_breaks": [
                {f.name: _json(getattr(t, f.name)) for f in fields(t)} for t in self.tie_breaks
            ],
            "rounds": [
                {
                    f.name: _json(getattr(r, f.name))
                    for f in fields(r)
                    if getattr(r, f.name) is not None
                }
                for r in self.rounds
            ],
        }


def _json(value: Any) -> Any:
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return int(value)
        den = value.denominator
        while den % 2 == 0:
            den //= 2
        while den % 5 == 0:
            den //= 5
        if den == 1:
            return format_money(value)
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, StrEnum):
        return str(value)
    if isinstance(value, tuple | list):
        return [_json(v) for v in value]
    return value
