"""Reach: who took part, by area, age band and channel, against the roll where there is one.

Counts of *who voted* are not vote secrets, but a small group can point at a person ("the two
over-65s in Norra voted"), so every table follows one rule, on every page and in the PDF:

- **The smallest group shown** (`MIN_CELL`, 5): a group of 1–4 voters shows "fewer than 5",
  with neither its share nor its turnout (each would give the count back). When that hides a
  single group of a table whose total is shown, the next smallest is hidden too, so the hidden
  one cannot be had by subtraction.
- **Under-represented** (`UNDER_SHARE`, 80 %): a group whose share of the voters is under 80 %
  of its share of the roll, i.e. whose turnout is under 80 % of the whole turnout. Judged only
  for groups the roll holds at least `MIN_CELL` people of, and never for "age not known".

Counted boxes are read from the frozen turnout of their tally run (results.services.
frozen_turnout: the retention purge deletes who voted and the roll afterwards); boxes not yet
counted from who has voted so far and the roll as it is.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from delaktig.eligibility.age_bands import AgeBand
from delaktig.eligibility.queries import roll_size
from delaktig.results.models import TallyRun
from delaktig.voting import queries as voting_queries
from delaktig.voting.models import Channel

MIN_CELL = 5
UNDER_SHARE = 0.8
UNKNOWN = ""


@dataclass
class Row:
    key: str
    label: str
    voters: int | None  # None: hidden (a group under MIN_CELL)
    roll: int | None = None
    share_of_voters: float | None = None
    share_of_roll: float | None = None
    turnout: float | None = None
    under: bool = False
    hidden: bool = False

    @property
    def percent_of_voters(self):
        return _percent(self.share_of_voters)

    @property
    def percent_of_roll(self):
        return _percent(self.share_of_roll)

    @property
    def turnout_percent(self):
        return _percent(self.turnout)


@dataclass
class Table:
    key: str
    caption: str
    rows: list[Row]
    voters: int
    roll: int | None
    has_roll: bool

    @property
    def turnout(self) -> float | None:
        return self.voters / self.roll if self.roll else None

    @property
    def turnout_percent(self):
        return _percent(self.turnout)

    @property
    def under(self) -> list[Row]:
        return [row for row in self.rows if row.under]


@dataclass
class BoxTurnout:
    """One box's turnout: frozen with its count, or as it is now."""

    box: object
    total: int
    by_channel: dict[str, int]
    by_age_band: dict[str, int]
    roll: dict | None  # {"source", "total", "by_age_band"}
    frozen: bool


@dataclass
class Reach:
    boxes: list[BoxTurnout]
    tables: list[Table] = field(default_factory=list)
    min_cell: int = MIN_CELL
    under_share: int = round(UNDER_SHARE * 100)

    @property
    def voters(self) -> int:
        return sum(b.total for b in self.boxes)

    @property
    def roll(self) -> int | None:
        rolls = [b.roll for b in self.boxes]
        if not rolls or any(r is None for r in rolls):
            return None
        return sum(r["total"] for r in rolls)

    @property
    def turnout_percent(self):
        roll = self.roll
        return _percent(self.voters / roll) if roll else None

    @property
    def all_frozen(self) -> bool:
        return bool(self.boxes) and all(b.frozen for b in self.boxes)

    @property
    def under(self) -> list[tuple[Table, Row]]:
        return [(table, row) for table in self.tables for row in table.under]


def _percent(share: float | None) -> str | None:
    if share is None:
        return None
    return f"{round(100 * share, 1):.1f}".replace(".", ",") + "\u00a0%"


def _latest_runs(boxes) -> dict:
    """{box id: the run to read}: the published run of each box, else its newest count."""
    runs: dict = {}
    rows = (
        TallyRun.objects.filter(box__in=boxes)
        .defer("pabulib_text", "outcome", "proposals", "receipt_hashes", "vote_counts")
        .order_by("box_id", "published_at", "created_at", "id")
    )
    for run in rows:
        current = runs.get(run.box_id)
        if current is None or current.published_at is None or run.published_at is not None:
            runs[run.box_id] = run
    return runs


def box_turnouts(budget_round, *, published_only=False) -> list[BoxTurnout]:
    """Each ballot box's turnout: frozen with its count when it has one (with
    `published_only`, only a published count), else as it is now."""
    boxes = voting_queries.boxes_for_round(budget_round)
    runs = _latest_runs(boxes)
    live_ids = [b.pk for b in boxes if b.pk not in runs or "by_age_band" not in runs[b.pk].turnout]
    live = voting_queries.turnout_by_box(live_ids)
    live_bands = voting_queries.turnout_by_age_band(live_ids)
    result = []
    for box in boxes:
        run = runs.get(box.pk)
        if published_only and run is not None and run.published_at is None:
            run = None
        if run is not None and "by_age_band" in run.turnout:
            frozen = run.turnout
            result.append(
                BoxTurnout(
                    box,
                    frozen["total"],
                    frozen.get("by_channel", {}),
                    frozen["by_age_band"],
                    frozen.get("roll"),
                    True,
                )
            )
            continue
        turnout = live.get(box.pk)
        roll = roll_size(budget_round, box.area)
        result.append(
            BoxTurnout(
                box,
                turnout.total if turnout else 0,
                dict(turnout.by_channel) if turnout else {},
                live_bands.get(box.pk, {}),
                roll.as_dict() if roll is not None else None,
                False,
            )
        )
    return result


def _suppress(rows: list[Row], total_shown: bool) -> None:
    small = [r for r in rows if r.voters is not None and 0 < r.voters < MIN_CELL]
    for row in small:
        row.hidden = True
    if total_shown and len(small) == 1:
        others = sorted(
            (r for r in rows if not r.hidden and r.voters), key=lambda r: (r.voters, r.key)
        )
        if others:
            others[0].hidden = True
    for row in rows:
        if row.hidden:
            row.voters = None
            row.share_of_voters = None
            row.turnout = None


def _table(key, caption, groups, *, voters_total, roll_total) -> Table:
    """`groups`: [(key, label, voters, roll or None)]."""
    rows = []
    for gkey, label, voters, roll in groups:
        row = Row(gkey, label, voters, roll)
        if voters_total:
            row.share_of_voters = voters / voters_total
        if roll_total and roll is not None:
            row.share_of_roll = roll / roll_total
            row.turnout = voters / roll if roll else None
            if (
                gkey != UNKNOWN
                and roll >= MIN_CELL
                and voters_total
                and row.share_of_voters < UNDER_SHARE * row.share_of_roll
            ):
                row.under = True
        rows.append(row)
    _suppress(rows, total_shown=True)
    return Table(key, caption, rows, voters_total, roll_total, roll_total is not None)


def area_label(box) -> str:
    return box.area.name if box.area_id else _("The whole round")


def reach_for(budget_round, *, published_only=False) -> Reach:
    boxes = box_turnouts(budget_round, published_only=published_only)
    reach = Reach(boxes)
    if not boxes:
        return reach
    has_rolls = all(b.roll is not None for b in boxes)
    roll_total = reach.roll if has_rolls else None
    # By area: one row per ballot box (a round-wide box is "the whole round").
    reach.tables.append(
        _table(
            "area",
            _("Voters by area"),
            [
                (str(b.box.pk), area_label(b.box), b.total, b.roll["total"] if b.roll else None)
                for b in boxes
            ],
            voters_total=reach.voters,
            roll_total=roll_total,
        )
    )
    # By age band: the roll's age of each voter, kept with who voted (never with the ballot).
    bands = {}
    band_rolls = {}
    for b in boxes:
        for band, n in b.by_age_band.items():
            bands[band] = bands.get(band, 0) + n
        for band, n in ((b.roll or {}).get("by_age_band") or {}).items():
            band_rolls[band] = band_rolls.get(band, 0) + n
    order = [*AgeBand.values, UNKNOWN]
    labels = {**dict(AgeBand.choices), UNKNOWN: pgettext("age", "Not known")}
    keys = [k for k in order if bands.get(k) or band_rolls.get(k)]
    reach.tables.append(
        _table(
            "age_band",
            _("Voters by age band"),
            [
                (k, str(labels[k]), bands.get(k, 0), band_rolls.get(k, 0) if has_rolls else None)
                for k in keys
            ],
            voters_total=reach.voters,
            roll_total=roll_total,
        )
    )
    # By channel: online or on paper (no roll per channel: shares of the voters only).
    channels = {}
    for b in boxes:
        for channel, n in b.by_channel.items():
            channels[channel] = channels.get(channel, 0) + n
    reach.tables.append(
        _table(
            "channel",
            _("Voters by channel"),
            [(c, str(label), channels.get(c, 0), None) for c, label in Channel.choices],
            voters_total=reach.voters,
            roll_total=None,
        )
    )
    return reach
