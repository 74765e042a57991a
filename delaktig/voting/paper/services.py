"""Services for paper ballots: every write of the double-entry flow.

1. `enter_first_pass`: an official identifies the voter, checks them against the roll, reserves
   their participation (channel paper) and types the ballot. The voter gets a receipt code.
2. `enter_second_pass`: an official (ideally another) types the same ballot again, blind. Equal
   entries are counted at once; different ones become a mismatch.
3. `resolve_mismatch`: an official reads the paper ballot and types it a third time; that entry
   counts. `reject_paper_ballot` drops an open entry and frees the voter.

A counted paper ballot is stored by `casting.write_ballot`, the path of online ballots, with
channel paper and no locator. The entry then forgets the voter, the typed choices and the
receipt hash, so nothing joins a person to a counted ballot (docs/adr/0001).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delaktig.audit import services as audit
from delaktig.core.codes import RECEIPT_CODE
from delaktig.core.errors import Conflict, InvalidInput, NotAllowed
from delaktig.core.permissions import require
from delaktig.eligibility.checks import roll_age_band
from delaktig.eligibility.lookup import find_voter

from ..models import BallotBox, Channel, PaperBallot, PaperStation, PaperStatus, Participation
from ..rules import voting_has_closed, voting_has_opened
from ..services.casting import (
    checked_choices,
    voted_elsewhere_in_round,
    voted_elsewhere_message,
    write_ballot,
)
from .rules import why_cannot_vote_on_paper

STATION_MAX = 100


def station_message(name: str) -> str:
    return _(
        "“%(station)s” is not a registered voting station of this round. Register the station "
        "and its number of paper ballots on the page of paper ballots first."
    ) % {"station": name}


def register_station(*, by, budget_round, name: str, ballots: int) -> PaperStation:
    """Register a voting station with the number of paper ballots in its ballot box, or change
    the number. Only until voting closes: afterwards the number limits what can be entered."""
    require("voting.manage_ballotbox", by, budget_round)
    name = " ".join((name or "").split())
    if not name or len(name) > STATION_MAX:
        raise InvalidInput(_("Write the name of the voting station."), field="name")
    if ballots is None or ballots < 0:
        raise InvalidInput(_("Write how many paper ballots there are, 0 or more."), field="ballots")
    if voting_has_closed(budget_round):
        raise Conflict(
            _(
                "Voting has closed. Voting stations and their numbers of paper ballots can no "
                "longer be registered or changed."
            )
        )
    with transaction.atomic():
        station = (
            PaperStation.objects.select_for_update()
            .filter(budget_round=budget_round, name__iexact=name)
            .first()
        )
        if station is None:
            station = PaperStation(budget_round=budget_round, name=name)
        before = station.ballots if station.pk else None
        if before is not None and ballots < before and voting_has_opened(budget_round):
            # Lowering the number would hide a ballot dropped from the count (issue 9).
            raise Conflict(
                _(
                    "Voting has opened, so a station's number of paper ballots can only go up. "
                    "A ballot that should not count is rejected with its reason instead."
                ),
                field="ballots",
            )
        station.ballots, station.registered_by = ballots, by
        station.save()
        audit.record(by, "paper_station.registered", station, ballots=ballots, previously=before)
    return station


def _registered_station(by, box, name: str) -> PaperStation:
    """The registered station of `name`, locked; after the close only while it has paper
    ballots left to enter."""
    budget_round = box.budget_round
    station = (
        PaperStation.objects.select_for_update()
        .filter(budget_round=budget_round, name__iexact=name)
        .first()
    )
    if station is None:
        raise InvalidInput(station_message(name), field="station")
    if voting_has_closed(budget_round):
        entered = (
            PaperBallot.objects.filter(box__budget_round=budget_round, station__iexact=station.name)
            .exclude(status=PaperStatus.REJECTED)
            .count()
        )
        if entered >= station.ballots:
            raise Conflict(
                _(
                    "All %(count)d paper ballots registered for “%(station)s” before voting "
                    "closed have been entered. No more can be added."
                )
                % {"count": station.ballots, "station": station.name},
                field="station",
            )
    return station


@dataclass(frozen=True)
class PaperReceipt:
    entry: PaperBallot
    code: str  # printed for the voter once; only its hash is stored


def _require_entry(by, box: BallotBox) -> None:
    # Administrators too follow the phase rule (accounts.User.has_perm).
    require("voting.enter_paper_ballot", by, box)


def _stored(chosen: dict[int, int]) -> dict[str, int]:
    return {str(pk): value for pk, value in sorted(chosen.items())}


def _already_voted(channel) -> str:
    if channel == Channel.PAPER:
        return _("The person has already voted on paper.")
    return _("The person has already voted online.")


def enter_first_pass(
    *, by, box: BallotBox, identifier: str, station: str, choices: Mapping | Iterable
) -> PaperReceipt:
    """Identify the voter, reserve their vote on paper and record the first entry."""
    _require_entry(by, box)
    station = (station or "").strip()
    if not station or len(station) > STATION_MAX:
        raise InvalidInput(_("Write the name of the voting station."), field="station")
    voter = find_voter(box.budget_round, identifier, by=by)
    if voter is None:
        raise InvalidInput(
            _("No one who may vote was found with that identifier. Check it and try again."),
            field="identifier",
        )
    reason = why_cannot_vote_on_paper(voter, box)
    if reason:
        raise NotAllowed(reason)
    chosen = checked_choices(box, choices)
    code = RECEIPT_CODE.generate()
    try:
        with transaction.atomic():
            station = _registered_station(by, box, station).name
            existing = Participation.objects.filter(box=box, voter=voter).first()
            if existing is not None:
                raise AlreadyVoted(_already_voted(existing.channel))
            other = voted_elsewhere_in_round(voter, box)
            if other is not None:
                raise AlreadyVoted(voted_elsewhere_message(other))
            # The reservation: from here an online vote by this person is refused, and the
            # unique (box, voter) constraint refuses an online vote being stored right now.
            participation = Participation.objects.create(
                box=box,
                voter=voter,
                channel=Channel.PAPER,
                age_band=roll_age_band(voter, box.budget_round),
            )
            # The day only: a time to the second would match the entry's (issue 9).
            day = _day(participation.cast_at)
            Participation.objects.filter(pk=participation.pk).update(cast_at=day, changed_at=day)
            entry = PaperBallot.objects.create(
                box=box,
                station=station,
                voter=voter,
                first_choices=_stored(chosen),
                first_by=by,
                receipt_hash=RECEIPT_CODE.keyed_hash(code),
            )
            # The entry (P-42) and the official, never the voter: the log is kept for ever,
            # and the entry forgets its voter when it is counted or rejected.
            audit.record(
                by,
                "paper_ballot.entered",
                entry,
                round_id=box.budget_round_id,
                box=box.pk,
                station=station,
            )
    except IntegrityError:
        channel = (
            Participation.objects.filter(box=box, voter=voter)
            .values_list("channel", flat=True)
            .first()
        )
        _log_already_voted(by, box)
        raise AlreadyVoted(_already_voted(channel)) from None
    except AlreadyVoted:
        _log_already_voted(by, box)
        raise
    return PaperReceipt(entry, code)


class AlreadyVoted(Conflict):
    """The person looked up at a station has already voted in the box."""


def _log_already_voted(by, box) -> None:
    """An official who looks someone up learns whether they have voted; the log keeps that it
    was asked (the official, the box, never the person), so probing leaves a trace (issue 9)."""
    audit.record(by, "paper_ballot.refused_already_voted", box, round_id=box.budget_round_id)


def _day(moment):
    """Midnight of the moment's day, local time: times of paper votes are kept to the day."""
    local = timezone.localtime(moment)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def _locked_open_entry(entry: PaperBallot, wanted: tuple[str, ...]) -> PaperBallot:
    entry = (
        PaperBallot.objects.select_for_update(of=("self",))
        .select_related("box__budget_round", "box__area")
        .get(pk=entry.pk)
    )
    if entry.status not in wanted:
        raise Conflict(_("This paper ballot has already been dealt with."))
    return entry


def _count(by, entry: PaperBallot, chosen: dict[int, int]) -> None:
    """Store the ballot through the online path and make the entry forget the voter."""
    box = entry.box
    reserved = Participation.objects.filter(
        box=box, voter_id=entry.voter_id, channel=Channel.PAPER
    ).exists()
    if not reserved:
        raise Conflict(_("The person's paper vote is no longer reserved. Reject this entry."))
    write_ballot(box, chosen, channel=Channel.PAPER, receipt=entry.receipt_hash)
    entry.status = PaperStatus.COUNTED
    entry.voter = None
    entry.first_choices = entry.second_choices = None
    entry.receipt_hash = ""
    entry.save()
    # Times to the day only, as the voter's participation (issue 9).
    day = _day(entry.created_at)
    PaperBallot.objects.filter(pk=entry.pk).update(created_at=day, updated_at=day)
    # Names the box and the entry, never the ballot or its choices.
    audit.record(by, "ballot.cast", box, channel=Channel.PAPER)


def enter_second_pass(*, by, entry: PaperBallot, choices: Mapping | Iterable) -> PaperBallot:
    """Type the ballot again without seeing the first entry. Counted if both agree."""
    _require_entry(by, entry.box)
    with transaction.atomic():
        entry = _locked_open_entry(entry, (PaperStatus.PENDING,))
        if by.pk == entry.first_by_id:
            # Four-eyes: one official typing a ballot twice would count whatever they typed.
            raise NotAllowed(
                _(
                    "You typed the first entry of this paper ballot. Another case officer must "
                    "type it the second time."
                )
            )
        chosen = checked_choices(entry.box, choices)
        entry.second_choices = _stored(chosen)
        entry.second_by = by
        entry.same_person = False
        matched = entry.second_choices == entry.first_choices
        audit.record(
            by,
            "paper_ballot.second_entry",
            entry,
            box=entry.box_id,
            round_id=entry.box.budget_round_id,
            matched=matched,
            same_person=entry.same_person,
        )
        if matched:
            _count(by, entry, chosen)
        else:
            entry.status = PaperStatus.MISMATCH
            entry.mismatched = True
            entry.save()
    return entry


def resolve_mismatch(*, by, entry: PaperBallot, choices: Mapping | Iterable) -> PaperBallot:
    """Type a mismatched ballot a third time from the paper; that entry counts."""
    _require_entry(by, entry.box)
    with transaction.atomic():
        entry = _locked_open_entry(entry, (PaperStatus.MISMATCH,))
        chosen = _stored(checked_choices(entry.box, choices))
        agrees = [
            name
            for name, typed, typed_by in (
                ("first", entry.first_choices, entry.first_by_id),
                ("second", entry.second_choices, entry.second_by_id),
            )
            if typed == chosen and typed_by != by.pk
        ]
        if not agrees:
            # A ballot counts only when two different people typed the same: the third entry
            # must agree with an entry someone else made.
            raise Conflict(
                _(
                    "Your entry agrees with neither entry made by someone else. Read the paper "
                    "ballot again; if it cannot be read, reject it. Nothing was counted."
                )
            )
        entry.resolved_by = by
        audit.record(
            by,
            "paper_ballot.resolved",
            entry,
            box=entry.box_id,
            round_id=entry.box.budget_round_id,
            agrees_with=agrees,
        )
        _count(by, entry, {int(pk): value for pk, value in chosen.items()})
    return entry


def reject_paper_ballot(*, by, entry: PaperBallot, reason: str) -> PaperBallot:
    """Drop an open entry (wrong person, unreadable ballot): it never counts, and the voter's
    reservation is released so they can vote again."""
    _require_entry(by, entry.box)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Say why the paper ballot is rejected."), field="reason")
    with transaction.atomic():
        entry = _locked_open_entry(entry, (PaperStatus.PENDING, PaperStatus.MISMATCH))
        Participation.objects.filter(
            box=entry.box, voter_id=entry.voter_id, channel=Channel.PAPER
        ).delete()
        audit.record(
            by,
            "paper_ballot.rejected",
            entry,
            box=entry.box_id,
            round_id=entry.box.budget_round_id,
            # The reason stays on the entry; the log, kept for ever, only its length: a name or
            # a personnummer typed into it must not outlive the round's records.
            reason_length=len(reason[:300]),
        )
        entry.status = PaperStatus.REJECTED
        entry.rejection_reason = reason[:300]
        entry.voter = None
        entry.first_choices = entry.second_choices = None
        entry.receipt_hash = ""
        entry.save()
    return entry


def typed_choices(entry: PaperBallot, which: str) -> dict[int, int]:
    """The choices of one entry ("first" or "second"), for the official resolving a mismatch."""
    stored = entry.first_choices if which == "first" else entry.second_choices
    return {int(pk): value for pk, value in (stored or {}).items()}


__all__ = [
    "PaperReceipt",
    "enter_first_pass",
    "enter_second_pass",
    "reject_paper_ballot",
    "resolve_mismatch",
    "typed_choices",
]
