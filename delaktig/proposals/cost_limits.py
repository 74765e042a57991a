"""What one proposal may cost, as apps above proposals know it (issue 11: "a cost above the
round's cap is warned about while writing").

The proposal form warns when the cost is above all the money of the chosen area (or round).
A ballot may also have its own cap per proposal (`voting.BallotBox.max_cost_per_proposal`), and
a proposal above it cannot go on the ballot; voting is above proposals in the layers, so it
registers a function here from its `AppConfig.ready()`:

    register_cost_limit(function)   # function(budget_round) -> {area id or None: kronor}

`None` is a cap for the whole round (a round-wide ballot); an area's own entry wins over it.
"""

from __future__ import annotations

from collections.abc import Callable

_SOURCES: list[Callable] = []


def register_cost_limit(function: Callable) -> Callable:
    if function not in _SOURCES:
        _SOURCES.append(function)
    return function


def ballot_cost_limits(budget_round) -> dict[int | None, int]:
    """{area id, or None for the whole round: the most one proposal may cost on its ballot}:
    the lowest any registered source states."""
    limits: dict[int | None, int] = {}
    for source in _SOURCES:
        for key, amount in source(budget_round).items():
            if amount and (key not in limits or amount < limits[key]):
                limits[key] = amount
    return limits


def limit_for(limits: dict[int | None, int], area_id: int | None) -> int | None:
    """The cap that applies to a proposal in `area_id`: its area's, else the round's."""
    if area_id in limits:
        return limits[area_id]
    return limits.get(None)
