"""The K rule: which groups of responses may be shown (ADR 0005, "The differencing rule").

Every response falls in one *cell*: its (district, unit, age band, channel), "" where not known.
A *filter* fixes some of the four and leaves the rest open (None); its *group* is the set of
cells it matches. Pages, charts, breakdowns and exports show numbers of groups only, so the
question "may this number be shown?" is always "is this group released?", asked here and
nowhere else. A group is released when all of these hold, and is withheld otherwise:

1. **Size.** It holds at least K responses (`Survey.min_group_size`).
2. **No small difference.** For any two released groups where one lies inside the other, the
   responses in the bigger one but not in the smaller are none or at least K; otherwise the
   smaller group is withheld. (A filter and the whole survey, a filter and a stricter filter,
   and two filters that happen to hold nearly the same people are all such pairs.)
3. **Complementary suppression.** In every breakdown of a group by one dimension (the
   groups' parts by district, unit, age band or channel, "not known" counted as a part), the
   withheld parts together hold none or at least K responses when the whole is released; when
   the whole is withheld, either every part is withheld or the withheld parts hold at least K.
   If not, the smallest released part is withheld too, and the rules are asked again.

Withholding only ever removes groups, so the rules are applied until nothing changes; the
result depends on the answers alone, not on which page asks first, so two pages can never be
set against each other. Released is a property of the set of responses, not of the filter:
two filters that match the same responses are released or withheld together.

The same rules decide, per question, whether its answers are shown in a group: there the
groups are counted in people who answered that question (a question nobody needed to answer
can be small where the survey is not).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

DIMENSIONS = ("district", "unit", "age_band", "channel")
UNKNOWN = ""  # a cell's value where the response did not say
ANY = None  # a filter leaves this dimension open

Cell = tuple  # (district id | "", unit id | "", age band | "", channel)
Filter = tuple  # like a cell, with None for an open dimension
EVERYONE: Filter = (ANY, ANY, ANY, ANY)


def with_value(filter_: Filter, index: int, value) -> Filter:
    return (*filter_[:index], value, *filter_[index + 1 :])


class Disclosure:
    """The released groups of one set of cell counts under K."""

    def __init__(self, cells: Mapping[Cell, int], k: int):
        self.k = k
        self.cells = {cell: n for cell, n in cells.items() if n > 0}
        members: dict[Filter, set] = defaultdict(set)
        for cell in self.cells:
            for mask in range(16):
                members[
                    tuple(cell[i] if mask >> i & 1 else ANY for i in range(len(DIMENSIONS)))
                ].add(cell)
        self._group = {f: frozenset(cs) for f, cs in members.items()}
        self._size = {g: sum(self.cells[c] for c in g) for g in set(self._group.values())}
        self._order = {g: tuple(sorted(map(str, g))) for g in self._size}
        self._parts = self._breakdowns()
        released = self._release()
        # Kept (in the cache, by surveys.analysis): each filter's size, and which are shown.
        self._sizes = {f: self._size[g] for f, g in self._group.items()}
        self._shown = frozenset(f for f, g in self._group.items() if g in released)
        self._values = [sorted({c[i] for c in self.cells}, key=str) for i in range(4)]
        del self._group, self._size, self._order, self._parts

    def _breakdowns(self):
        parts = []
        for f, group in self._group.items():
            for i, value in enumerate(f):
                if value is not ANY:
                    continue
                values = {cell[i] for cell in group}
                parts.append((group, [self._group[with_value(f, i, v)] for v in values]))
        return parts

    def _key(self, group):
        return (self._size[group], self._order[group])

    def _release(self) -> set:
        k, size = self.k, self._size
        released = {g for g, n in size.items() if n >= k}
        changed = True
        while changed:
            changed = False
            # Rule 2: a released group inside another with a difference of 1..K-1 is withheld.
            ordered = sorted(released, key=self._key)
            withheld = set()
            for i, small in enumerate(ordered):
                for big in ordered[i + 1 :]:
                    if size[big] >= size[small] + k:
                        break
                    if size[big] > size[small] and small < big:
                        withheld.add(small)
                        break
            if withheld:
                released -= withheld
                changed = True
            # Rule 3: complementary suppression in every breakdown.
            for whole, parts in self._parts:
                hidden = sum(size[p] for p in set(parts) if p not in released)
                if whole in released:
                    fine = hidden == 0 or hidden >= k
                else:
                    fine = hidden == size[whole] or hidden >= k
                if not fine:
                    shown = sorted((p for p in set(parts) if p in released), key=self._key)
                    released.discard(shown[0])
                    changed = True
        return released

    def shown(self, filter_: Filter) -> bool:
        return tuple(filter_) in self._shown

    def size(self, filter_: Filter) -> int | None:
        """The number of responses in the group, or None when it is withheld (or empty)."""
        filter_ = tuple(filter_)
        return self._sizes[filter_] if filter_ in self._shown else None

    def values(self, index: int, filter_: Filter = EVERYONE) -> list:
        """The values of dimension `index` that responses in the group have."""
        filter_ = tuple(filter_)
        return [v for v in self._values[index] if with_value(filter_, index, v) in self._sizes]
