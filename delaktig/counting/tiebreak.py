"""Deterministic tie-breaking.

When two projects are equally good for a rule (same support, same price per voter, same load),
the rule takes them in a fixed order that does not depend on the ballots:

* ``lexico`` (default): project ids compared as strings, the way pabutools does, so ``"10"``
  comes before ``"9"`` and ``"A"`` before ``"a"`` (Unicode code point order).
* ``cost``: the cheaper project first; equal costs fall back to ``lexico``.
* ``random``: a permutation of the projects (sorted by id) shuffled by Python's
  ``random.Random(seed)``; publish the seed so that anyone can recount.

Every tie a rule breaks is recorded in the outcome as a :class:`~.outcome.TieBreak`.
"""

from __future__ import annotations

from collections.abc import Sequence

from .model import Instance
from .options import Options


def ranks(instance: Instance, options: Options) -> list[int]:
    """``ranks[i]`` is project ``i``'s place in the tie-breaking order (0 = taken first)."""
    ids = instance.project_ids
    positions = range(len(ids))
    if options.tie_break == "lexico":
        order = sorted(positions, key=lambda i: ids[i])
    elif options.tie_break == "cost":
        costs = [p.cost for p in instance.projects]
        order = sorted(positions, key=lambda i: (costs[i], ids[i]))
    elif options.tie_break == "random":
        import random  # only for this order: a count with another tie-break never loads it

        order = sorted(positions, key=lambda i: ids[i])
        random.Random(options.seed).shuffle(order)
    else:  # pragma: no cover - Options validates
        raise ValueError(options.tie_break)
    rank = [0] * len(ids)
    for r, i in enumerate(order):
        rank[i] = r
    return rank


def order(candidates: Sequence[int], rank: Sequence[int]) -> list[int]:
    """The candidates (project positions) in tie-breaking order."""
    return sorted(candidates, key=rank.__getitem__)


def describe(options: Options) -> str:
    if options.tie_break == "random":
        return f"random(seed={options.seed})"
    return options.tie_break
