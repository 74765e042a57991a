"""Reads about ballot boxes, for the voting pages and for the results app above.

Everything here is read-only. Nothing here joins a ballot to a person: the only way from a voter
to a ballot is the keyed locator, used by `services.current_choices` for the voter themself.
"""

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Count, F, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from delaktig.eligibility.checks import roll_area
from delaktig.processes.models import Eligibility

from .models import (
    OPEN_PAPER_STATUSES,
    Ballot,
    BallotBox,
    BallotChoice,
    BallotKind,
    Channel,
    PaperBallot,
    PaperStatus,
    Participation,
)


def ballot_cost():
    """The cost a ballot uses: the assessed official cost when set, else the author's estimate."""
    return Coalesce(F("assessment__official_cost"), F("estimated_cost"))


def boxes_for_round(budget_round) -> list[BallotBox]:
    boxes = list(
        BallotBox.objects.filter(budget_round=budget_round)
        .select_related("area")
        # Whether anything is on the ballot, for rules.ballot_is_empty, in the same query.
        .annotate(proposal_count=Count("proposals"))
        .order_by("area__position", "area__name", "pk")
    )
    for box in boxes:
        box.budget_round = budget_round  # reuse the round's prefetched phases
    return boxes


def proposal_cost_limits(budget_round) -> dict[int | None, int]:
    """{area id, or None for a round-wide box: the most one proposal may cost on that budget
    ballot} for boxes with a cap of their own (`max_cost_per_proposal`, or a spending cap below
    it: a proposal that costs more cannot be chosen). Registered with
    proposals.cost_limits, so the proposal form warns while the cost is written (issue 11)."""
    limits = {}
    rows = BallotBox.objects.filter(
        budget_round=budget_round, kind=BallotKind.KNAPSACK
    ).values_list("area_id", "max_cost_per_proposal", "spending_cap")
    for area_id, max_cost, spending_cap in rows:
        amounts = [amount for amount in (max_cost, spending_cap) if amount]
        if amounts:
            limits[area_id] = min(amounts)
    return limits


def boxes_user_may_choose(user, budget_round, boxes: list[BallotBox]) -> list[BallotBox]:
    """The boxes to list for `user`: only their area's box when the roll (census, invitation)
    or, in a residents' round, their district says which area is theirs; else every box."""
    if not user.is_authenticated:
        return boxes
    area = roll_area(user, budget_round)
    if area is not None:
        return [b for b in boxes if b.area_id is None or b.area_id == area.pk]
    if budget_round.eligibility != Eligibility.RESIDENTS:
        return boxes
    return [b for b in boxes if b.area_id is None or b.area.district_id == user.district_id]


def ballot_proposals(box: BallotBox):
    """The proposals on the ballot, each with `ballot_cost`, in a stable order (title, id)."""
    return (
        box.proposals.all()
        .annotate(ballot_cost=ballot_cost())
        .select_related(None)
        .order_by("title", "pk")
    )


def proposal_costs(box: BallotBox) -> dict[int, int]:
    """{proposal id: cost} for the proposals on the ballot: the input a count needs."""
    return dict(box.proposals.annotate(ballot_cost=ballot_cost()).values_list("pk", "ballot_cost"))


def proposal_titles_and_costs(box: BallotBox) -> dict[int, tuple[str, int]]:
    rows = box.proposals.annotate(ballot_cost=ballot_cost()).values_list(
        "pk", "title", "ballot_cost"
    )
    return {pk: (title, cost) for pk, title, cost in rows}


def ballot_rows(box: BallotBox, *, chunk_size: int = 5000) -> Iterator[tuple[str, list]]:
    """Every ballot in the box as (ballot id, [(proposal id, value), …]), ordered by ballot id.

    One streamed query, no query per ballot. `value` is 1 for approval and budget ballots, the
    points for points ballots and the place (1 = first) for ranking ballots; choices are ordered
    by value, then proposal id, so a ranking reads first to last.
    """
    rows = (
        BallotChoice.objects.filter(ballot__box=box)
        .order_by("ballot_id", "value", "proposal_id")
        .values_list("ballot_id", "proposal_id", "value")
        .iterator(chunk_size=chunk_size)
    )
    for ballot_id, choices in groupby(rows, key=lambda row: row[0]):
        yield str(ballot_id), [(proposal_id, value) for _, proposal_id, value in choices]


@dataclass(frozen=True)
class Turnout:
    total: int
    by_channel: dict[str, int]


def turnout(box: BallotBox) -> Turnout:
    """How many took part in the box, in all and per channel (online, paper)."""
    return turnout_by_box([box.pk]).get(box.pk, Turnout(0, dict.fromkeys(Channel.values, 0)))


def turnout_by_box(box_ids) -> dict[int, Turnout]:
    """Turnout for many boxes in one query: {box id: Turnout}."""
    counts: dict[int, Counter] = defaultdict(Counter)
    rows = (
        Participation.objects.filter(box_id__in=list(box_ids))
        .values_list("box_id", "channel")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for box_id, channel, n in rows:
        counts[box_id][channel] += n
    return {
        box_id: Turnout(sum(c.values()), {ch: c.get(ch, 0) for ch in Channel.values})
        for box_id, c in counts.items()
    }


def turnout_by_age_band(box_ids) -> dict[int, dict[str, int]]:
    """{box id: {age band: voters}} from who voted (Participation.age_band; "" where the roll
    did not say), in one query. Counts of who voted, never of what: ballots hold no age."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        Participation.objects.filter(box_id__in=list(box_ids))
        .values_list("box_id", "age_band")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for box_id, band, n in rows:
        counts[box_id][band] = n
    return dict(counts)


def ballot_count(box: BallotBox) -> int:
    return Ballot.objects.filter(box=box).count()


@dataclass(frozen=True)
class VoteCount:
    ballots: int  # ballots naming the proposal
    points: int  # sum of values (points ballots); equals `ballots` for approval and budget


def vote_counts(box: BallotBox) -> dict[int, VoteCount]:
    """{proposal id: VoteCount} for every proposal on the ballot, in one query.

    Only for counting after voting has closed; pages shown to people go through
    `visible_vote_counts`, which hides the figures while voting is open.
    """
    counts = {pk: VoteCount(0, 0) for pk in box.proposals.values_list("pk", flat=True)}
    rows = (
        BallotChoice.objects.filter(ballot__box=box)
        .values_list("proposal_id")
        .annotate(n=Count("pk"), points=Sum("value"))
        .order_by()
    )
    for proposal_id, n, points in rows:
        counts[proposal_id] = VoteCount(n, points or 0)
    return counts


def visible_vote_counts(user, box: BallotBox) -> dict[int, VoteCount] | None:
    """The vote counts if `user` may see them now (voting has closed), else None.

    While voting is open nobody may see the counts, administrators included (our permissions
    are decided by their predicates alone: accounts.User.has_perm).
    """
    if not user.has_perm("voting.view_vote_counts", box):
        return None
    return vote_counts(box)


def receipt_hashes(box: BallotBox) -> list[str]:
    """The receipt hashes of the box, sorted: publish them apart from the ballots' content."""
    return sorted(
        Ballot.objects.filter(box=box)
        .exclude(receipt_hash="")
        .values_list("receipt_hash", flat=True)
    )


def proposals_in_boxes(budget_round) -> "dict[int, list[int]]":
    """{box id: [proposal id, …]} for a round, in one query."""
    through = BallotBox.proposals.through
    rows = (
        through.objects.filter(ballotbox__budget_round=budget_round)
        .order_by("ballotbox_id", "proposal_id")
        .values_list("ballotbox_id", "proposal_id")
    )
    result: dict[int, list[int]] = defaultdict(list)
    for box_id, proposal_id in rows:
        result[box_id].append(proposal_id)
    return dict(result)


__all__ = [
    "BoxReconciliation",
    "StationCount",
    "Turnout",
    "VoteCount",
    "ballot_count",
    "ballot_proposals",
    "ballot_rows",
    "boxes_for_round",
    "boxes_user_may_choose",
    "open_paper_ballot_count",
    "open_paper_ballots",
    "proposal_costs",
    "proposal_titles_and_costs",
    "proposals_in_boxes",
    "receipt_hashes",
    "reconciliation",
    "turnout",
    "turnout_by_box",
    "visible_vote_counts",
    "vote_counts",
]


# --- Paper ballots and reconciliation ---------------------------------------------------------


@dataclass
class StationCount:
    """Paper ballots of one station (or a whole box): how far each got."""

    station: str
    entered: int = 0
    waiting: int = 0  # first entry only
    mismatched: int = 0  # the entries differed (resolved or not)
    unresolved: int = 0  # differ, not yet resolved
    counted: int = 0
    matched: int = 0  # counted because both entries agreed at once
    rejected: int = 0
    same_person: int = 0  # both entries by one official

    def add(self, other: "StationCount") -> None:
        for name in ("entered", "waiting", "mismatched", "unresolved", "counted", "matched"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.rejected += other.rejected
        self.same_person += other.same_person

    @property
    def open(self) -> int:
        return self.waiting + self.unresolved


@dataclass
class BoxReconciliation:
    box: BallotBox
    participations: dict[str, int]  # per channel
    ballots: dict[str, int]  # per channel
    paper: StationCount
    stations: list[StationCount]


def _station_counts(box_ids) -> dict[int, dict[str, StationCount]]:
    rows = (
        PaperBallot.objects.filter(box_id__in=box_ids)
        .values_list("box_id", "station", "status", "mismatched", "same_person")
        .annotate(n=Count("pk"))
        .order_by()
    )
    result: dict[int, dict[str, StationCount]] = defaultdict(dict)
    for box_id, station, status, mismatched, same_person, n in rows:
        count = result[box_id].setdefault(station, StationCount(station))
        count.entered += n
        count.mismatched += n if mismatched else 0
        count.same_person += n if same_person else 0
        if status == PaperStatus.PENDING:
            count.waiting += n
        elif status == PaperStatus.MISMATCH:
            count.unresolved += n
        elif status == PaperStatus.COUNTED:
            count.counted += n
            count.matched += 0 if mismatched else n
        else:
            count.rejected += n
    return result


def _ballots_by_channel(box_ids) -> dict[int, dict[str, int]]:
    rows = (
        Ballot.objects.filter(box_id__in=box_ids)
        .values_list("box_id", "channel")
        .annotate(n=Count("pk"))
        .order_by()
    )
    result: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(Channel.values, 0))
    for box_id, channel, n in rows:
        result[box_id][channel] = n
    return result


def reconciliation(budget_round) -> list[BoxReconciliation]:
    """Per box: participations and ballots per channel, paper ballots per station. Four queries
    whatever the number of boxes and stations."""
    boxes = boxes_for_round(budget_round)
    ids = [b.pk for b in boxes]
    turnouts, ballots, stations = (
        turnout_by_box(ids),
        _ballots_by_channel(ids),
        _station_counts(ids),
    )
    result = []
    for box in boxes:
        per_station = sorted(stations.get(box.pk, {}).values(), key=lambda s: s.station.lower())
        total = StationCount("")
        for count in per_station:
            total.add(count)
        turnout_ = turnouts.get(box.pk)
        result.append(
            BoxReconciliation(
                box=box,
                participations=turnout_.by_channel
                if turnout_
                else dict.fromkeys(Channel.values, 0),
                ballots=ballots[box.pk],
                paper=total,
                stations=per_station,
            )
        )
    return result


def open_paper_ballots(budget_round):
    """Paper ballots typed once, or typed twice differently: not counted yet. Oldest first."""
    return (
        PaperBallot.objects.filter(box__budget_round=budget_round, status__in=OPEN_PAPER_STATUSES)
        .select_related("box__area", "first_by", "second_by")
        .order_by("created_at", "pk")
    )


def open_paper_ballot_count(budget_round) -> int:
    return PaperBallot.objects.filter(
        box__budget_round=budget_round, status__in=OPEN_PAPER_STATUSES
    ).count()


def paper_stations(budget_round) -> list:
    """The round's registered voting stations, each with `entered`: its paper ballots entered
    and not rejected (counted or waiting)."""
    from .models import PaperStation, PaperStatus

    stations = list(PaperStation.objects.filter(budget_round=budget_round))
    entered = dict(
        PaperBallot.objects.filter(box__budget_round=budget_round)
        .exclude(status=PaperStatus.REJECTED)
        .values_list("station")
        .annotate(n=Count("pk"))
        .values_list("station", "n")
    )
    lowered = {name.lower(): n for name, n in entered.items()}
    for station in stations:
        station.entered = lowered.get(station.name.lower(), 0)
    return stations


def reconciliation_flags(row: BoxReconciliation) -> list[str]:
    """Sentences for every count that does not add up, or still has to be done."""
    flags = []
    online_people, online_ballots = row.participations["online"], row.ballots["online"]
    if online_people != online_ballots:
        flags.append(
            _(
                "Online: people who have voted %(people)d, ballots %(ballots)d. "
                "The two should be equal."
            )
            % {"people": online_people, "ballots": online_ballots}
        )
    paper_people, paper_ballots = row.participations["paper"], row.ballots["paper"]
    if paper_people != paper_ballots + row.paper.open:
        flags.append(
            _(
                "Paper: people marked as having voted on paper %(people)d, but counted paper "
                "ballots %(ballots)d and paper ballots not yet counted %(open)d."
            )
            % {"people": paper_people, "ballots": paper_ballots, "open": row.paper.open}
        )
    if paper_ballots != row.paper.counted:
        flags.append(
            _("Paper: stored paper ballots %(ballots)d, counted entries %(counted)d.")
            % {"ballots": paper_ballots, "counted": row.paper.counted}
        )
    if row.paper.waiting:
        flags.append(
            ngettext(
                "%(count)d paper ballot waits for its second entry.",
                "%(count)d paper ballots wait for their second entry.",
                row.paper.waiting,
            )
            % {"count": row.paper.waiting}
        )
    if row.paper.rejected:
        # A rejected paper ballot does not count: one official alone must not drop ballots.
        flags.append(
            ngettext(
                "%(count)d paper ballot was rejected. Check the reason before publishing.",
                "%(count)d paper ballots were rejected. Check the reasons before publishing.",
                row.paper.rejected,
            )
            % {"count": row.paper.rejected}
        )
    if row.paper.unresolved:
        flags.append(
            ngettext(
                "%(count)d paper ballot has entries that differ and must be resolved.",
                "%(count)d paper ballots have entries that differ and must be resolved.",
                row.paper.unresolved,
            )
            % {"count": row.paper.unresolved}
        )
    return flags


def station_flags(budget_round) -> list[str]:
    """Sentences for every voting station whose entered paper ballots differ from the number it
    registered (more is never allowed after the close; fewer means some are not entered yet)."""
    return [
        _("Voting station %(station)s: %(ballots)d paper ballots registered, %(entered)d entered.")
        % {"station": station.name, "ballots": station.ballots, "entered": station.entered}
        for station in paper_stations(budget_round)
        if station.entered != station.ballots
    ]


def round_flags(budget_round) -> list[str]:
    """Every flag of the round's reconciliation: what must be looked at before publishing."""
    flags = []
    for row in reconciliation(budget_round):
        flags += reconciliation_flags(row)
    return flags + station_flags(budget_round)


def superseded_receipt_hashes(box_ids) -> set[str]:
    """Keyed hashes of receipts whose ballots were changed later, in these boxes."""
    from .models import SupersededReceipt

    return set(
        SupersededReceipt.objects.filter(box_id__in=box_ids).values_list("receipt_hash", flat=True)
    )


def receipt_received(budget_round, receipt_hash: str) -> bool:
    """Whether a ballot with this keyed receipt hash is in one of the round's boxes now, or was
    replaced later by the same voter: one indexed lookup each, yes or no, nothing about the
    ballot (the receipt check while voting is open, issue 11)."""
    from .models import SupersededReceipt

    if Ballot.objects.filter(box__budget_round=budget_round, receipt_hash=receipt_hash).exists():
        return True
    return SupersededReceipt.objects.filter(
        box__budget_round=budget_round, receipt_hash=receipt_hash
    ).exists()
