"""The options of a count: one small immutable dataclass, passed in explicitly."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

# The counting rules, in the order they are offered: `count(..., rule=...)` and the web app's
# choices (voting.models.CountingRule, tied to this by a test) use this one list.
RULES = ("greedy", "mes", "phragmen")
COMPLETIONS = ("none", "add1", "add1-utilitarian")
SATISFACTIONS = ("cost", "cardinality", "points", "borda")
TIE_BREAKS = ("lexico", "cost", "random")
GREEDY_SCORES = ("support", "per-cost")


@dataclass(frozen=True)
class Options:
    """How to count.

    * ``completion`` (MES): ``none``; ``add1`` raises every voter's share by one currency unit at a
      time while the outcome still fits the budget, stopping at the first outcome that leaves no
      supported project affordable; ``add1-utilitarian`` then fills what is left greedily.
    * ``sat`` (MES, greedy): the satisfaction measure. ``None`` means the default for the vote
      type: MES uses ``cost`` (approval, choose-1), ``points`` (cumulative), ``borda`` (ordinal);
      greedy ranks by ``cardinality`` (approvals), ``points`` or ``borda`` - total support.
    * ``greedy_score``: ``support`` ranks by total support (what municipalities announce);
      ``per-cost`` ranks by total satisfaction per krona, as pabutools'
      ``greedy_utilitarian_welfare`` does (with the MES default satisfaction).
    * ``tie_break``: ``lexico`` (project ids compared as strings, ``"10" < "9"``), ``cost``
      (lower cost first, then lexico) or ``random`` (a permutation drawn from ``seed``).
    * ``exact``: ``None`` lets MES pick its fast path (floats for screening, every decision that
      could be a tie settled in exact fractions); ``True`` runs it in fractions throughout.
    """

    completion: str = "none"
    sat: str | None = None
    greedy_score: str = "support"
    tie_break: str = "lexico"
    seed: int | None = None
    exact: bool | None = None

    def __post_init__(self) -> None:
        if self.completion not in COMPLETIONS:
            raise ValueError(f"completion must be one of {COMPLETIONS}")
        if self.sat is not None and self.sat not in SATISFACTIONS:
            raise ValueError(f"sat must be one of {SATISFACTIONS}")
        if self.greedy_score not in GREEDY_SCORES:
            raise ValueError(f"greedy_score must be one of {GREEDY_SCORES}")
        if self.tie_break not in TIE_BREAKS:
            raise ValueError(f"tie_break must be one of {TIE_BREAKS}")
        if self.tie_break == "random" and self.seed is None:
            raise ValueError("tie_break='random' needs a seed")

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
