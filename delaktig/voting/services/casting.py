"""Casting a ballot (voters): who may, the ballot checked against the box's rules, the vote stored
in a handful of SQL statements, and the voter's own ballot found again through its locator."""

import hashlib
import hmac
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delaktig.core.codes import RECEIPT_CODE
from delaktig.core.errors import Conflict, NotAllowed
from delaktig.core.permissions import why_not
from delaktig.eligibility.checks import roll_age_band
from delaktig.processes.models import Eligibility

from .. import snapshot
from ..models import (
    Ballot,
    BallotBox,
    BallotChoice,
    BallotKind,
    Channel,
    Participation,
    SupersededReceipt,
)
from ..rules import voting_closes_at, voting_has_closed
from ..validation import Chosen, Problem, RulesBroken, choice_problems


@dataclass(frozen=True)
class Receipt:
    code: str  # shown to the voter once; only its hash is stored
    box: BallotBox
    changed: bool  # True when an earlier ballot was replaced
    closes_at: datetime | None
    # The earlier ballot had the same choices: the same vote sent again, e.g. after a dropped
    # connection hid the first reply (issue 11). Not a change to tell the voter about.
    same_as_before: bool = False


def locator_for(box, voter) -> str:
    """The keyed hash that lets a voter find their own ballot. The key is never in the DB.

    It includes the voter's credential stamp, which changes when their password is set or a new
    voting code is used: whoever gets new credentials for a person (an official re-issuing a
    code, an administrator setting a password) cannot find, see or change a ballot cast before.
    """
    key = settings.BALLOT_LOCATOR_KEY.encode()
    stamp = getattr(voter, "credential_stamp", "")
    message = f"{box.pk}:{voter.pk}:{stamp}" if stamp else f"{box.pk}:{voter.pk}"
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def normalise_choices(box: BallotBox, choices) -> Chosen:
    """{proposal id: value} from a mapping, or from ids in order (ranking: first = place 1),
    as the box's kind keeps it. A ballot already read (`Chosen`) is not read again."""
    if isinstance(choices, Chosen):
        return choices
    try:
        if isinstance(choices, Mapping):
            chosen = {int(pk): int(value) for pk, value in choices.items()}
        else:
            ids = [int(pk) for pk in choices]
            if box.kind == BallotKind.RANKING:
                return Chosen({pk: place for place, pk in enumerate(ids, start=1)})
            chosen = dict.fromkeys(ids, 1)
    except (TypeError, ValueError):
        raise RulesBroken(
            [Problem("ballot", _("The ballot could not be read. Try again."))]
        ) from None
    if box.kind in (BallotKind.APPROVAL, BallotKind.KNAPSACK):
        return Chosen(dict.fromkeys(chosen, 1))
    if box.kind == BallotKind.POINTS:
        return Chosen({pk: value for pk, value in chosen.items() if value != 0})
    return Chosen(chosen)


def checked_choices(box: BallotBox, choices: Mapping | Iterable) -> dict[int, int]:
    """{proposal id: value} that keeps every rule of the box, or RulesBroken listing each broken
    rule. The same check for online and paper ballots."""
    chosen = normalise_choices(box, choices)
    if any(value < 0 for value in chosen.values()):
        raise RulesBroken([Problem("ballot", _("Use whole numbers of 0 or more."))])
    problems = choice_problems(box, chosen, snapshot.titles_and_costs(box))
    if problems:
        raise RulesBroken(problems)
    return chosen


def unlocatable_message():
    return _(
        "You have already voted, and that vote can no longer be changed here. Your vote "
        "counts as you cast it. This happens when you have been given a new voting code or a "
        "new password since you voted."
    )


class VotedOnPaper(Conflict):
    """The voter's participation is on paper: it cannot be changed online."""


def voted_on_paper_message():
    return _("You have already voted on paper. Your vote cannot be changed online.")


def one_box_per_voter(box: BallotBox) -> bool:
    """In a residents' round with areas a person votes in one area only: the one of their
    district. Their district can change during voting (an administrator, a move), so the
    roll's answer alone would let them vote in a second area (issue 9)."""
    return box.area_id is not None and box.budget_round.eligibility == Eligibility.RESIDENTS


def voted_elsewhere_in_round(voter, box: BallotBox):
    """The other ballot box of the round where `voter` has already voted, or None."""
    if not one_box_per_voter(box):
        return None
    other = (
        Participation.objects.filter(box__budget_round_id=box.budget_round_id, voter=voter)
        .exclude(box_id=box.pk)
        .select_related("box__area")
        .first()
    )
    return other.box if other else None


def voted_elsewhere_message(other_box) -> str:
    return _(
        "You have already voted in %(area)s. In this round each person votes in one area only."
    ) % {"area": other_box.area.name if other_box.area_id else other_box.budget_round.name}


def participation_channel(voter, box: BallotBox) -> str | None:
    """How `voter` took part in `box` (Channel.ONLINE or PAPER), or None if they have not."""
    if not voter.is_authenticated:
        return None
    # Plain SQL: asked on every voting page in a rush, 0.03 ms of CPU against 0.3 ms through the
    # ORM (ADR 0003). (box, voter) is unique, so there is one row at most.
    with connection.cursor() as cursor:
        cursor.execute(_sql(CHANNEL_OF_VOTER), [box.pk, voter.pk])
        row = cursor.fetchone()
    return row[0] if row else None


@dataclass(frozen=True)
class VoterCheck:
    """The answer to "may `voter` vote in `box` now?", asked once per request and handed on:
    to `cast_ballot`, and to the page that shows the ballot again."""

    voter: object
    box: BallotBox
    reason: str | None  # why not, or None if they may


def check_voter(voter, box: BallotBox) -> VoterCheck:
    return VoterCheck(voter, box, why_not("voting.cast_ballot", voter, box))


def cast_ballot(
    *,
    by,
    box: BallotBox,
    choices: Mapping | Iterable,
    channel: str = Channel.ONLINE,
    check: VoterCheck | None = None,
) -> Receipt:
    """Record that `by` voted in `box` and, apart from that, what they voted.

    A second call replaces the first ballot (a voter may change their vote until voting closes).
    A voter whose participation is on paper (entered, or being entered, by an official) is
    refused: a paper ballot cannot be changed online.

    `check`: `check_voter(by, box)` if the caller has asked it already in this request (it is
    asked here otherwise, and again if it is about someone or something else). A ballot that
    breaks the rules raises RulesBroken with `channel`: how the voter has taken part in the box
    (None: not yet), looked up here once for the page that shows the ballot again.
    """
    if check is None or check.voter is not by or check.box is not box:
        check = check_voter(by, box)
    if check.reason:
        raise NotAllowed(check.reason)
    other = voted_elsewhere_in_round(by, box)
    if other is not None:
        raise NotAllowed(voted_elsewhere_message(other))
    # A paper participation is refused under the participation's row lock in _store_ballot;
    # a ballot that breaks the rules is refused first, but for a paper voter the paper is the
    # answer (the rules of a ballot they cannot send are of no use to them).
    try:
        chosen = checked_choices(box, choices)
    except RulesBroken as error:
        error.channel = participation_channel(by, box)
        if channel != Channel.PAPER and error.channel == Channel.PAPER:
            raise VotedOnPaper(voted_on_paper_message()) from None
        raise
    for attempt in range(3):
        try:
            return _store_ballot(by, box, chosen, channel)
        except IntegrityError:
            if attempt == 2:
                raise Conflict(
                    _("Your vote was being saved twice at the same time. Check it and try again.")
                ) from None
    raise AssertionError("unreachable")  # pragma: no cover


def write_ballot(box, chosen: dict[int, int], *, channel, receipt: str, locator=None) -> Ballot:
    """Store a new ballot and its choices: the one storage path of online and paper ballots.
    `receipt` is the hash of the voter's receipt code. Call inside the transaction that holds
    the voter's participation."""
    ballot = Ballot.objects.create(box=box, locator=locator, channel=channel, receipt_hash=receipt)
    _write_choices(ballot.pk, chosen)
    return ballot


# The vote itself is a handful of SQL statements written out here rather than through the ORM:
# in a last-evening rush this transaction runs once per vote, and the ORM's get_or_create, row
# lock, lookup and save took 8 statements and ~5 ms of CPU a vote (bench/load.py --profile).
# INSERT … ON CONFLICT … DO UPDATE … RETURNING is the same SQL on PostgreSQL and SQLite (3.35+).
def _sql(template: str) -> str:
    q = connection.ops.quote_name
    return template.format(
        participation=q(Participation._meta.db_table),
        ballot=q(Ballot._meta.db_table),
        choice=q(BallotChoice._meta.db_table),
        superseded=q(SupersededReceipt._meta.db_table),
    )


# Inserts the participation or, when there is one, locks it: ON CONFLICT DO UPDATE takes the
# row lock, so every submission by this voter in this box queues here and the ballot below is
# found or created by one transaction at a time. A paper participation keeps its channel and
# time (an official has entered, or is entering, this voter's paper ballot); RETURNING shows it.
# `created`: a new row has cast_at = changed_at; an updated one a later changed_at.
UPSERT_PARTICIPATION = """
    INSERT INTO {participation} AS p (box_id, voter_id, channel, age_band, cast_at, changed_at)
    VALUES (%s, %s, %s, %s, %s, %s)
    ON CONFLICT (box_id, voter_id) DO UPDATE SET
        changed_at = CASE WHEN p.channel = 'paper' THEN p.changed_at ELSE excluded.changed_at END,
        channel = CASE WHEN p.channel = 'paper' THEN p.channel ELSE excluded.channel END
    RETURNING channel, cast_at = changed_at
"""
# The voter's ballot, found by its locator (unique) or created; a change keeps the ballot's id.
UPSERT_BALLOT = """
    INSERT INTO {ballot} (id, box_id, locator, channel, receipt_hash) VALUES (%s, %s, %s, %s, %s)
    ON CONFLICT (locator) DO UPDATE SET
        receipt_hash = excluded.receipt_hash, channel = excluded.channel
    RETURNING id
"""
KEEP_OLD_RECEIPT = """
    INSERT INTO {superseded} (id, box_id, receipt_hash)
    SELECT %s, box_id, receipt_hash FROM {ballot} WHERE locator = %s AND receipt_hash <> ''
"""
# RETURNING tells whether the same vote was sent again, in the same statement.
DELETE_CHOICES = "DELETE FROM {choice} WHERE ballot_id = %s RETURNING proposal_id, value"
CHANNEL_OF_VOTER = "SELECT channel FROM {participation} WHERE box_id = %s AND voter_id = %s"
INSERT_CHOICES = "INSERT INTO {choice} (id, ballot_id, proposal_id, value) VALUES "


def _uuid_param(value):
    return Ballot._meta.pk.get_db_prep_value(value, connection)


def _write_choices(ballot_id, chosen: dict[int, int]) -> None:
    if not chosen:
        return
    ballot_param = _uuid_param(ballot_id)
    params = []
    for pk, value in sorted(chosen.items()):
        params += [_uuid_param(uuid.uuid4()), ballot_param, pk, value]
    rows = ", ".join(["(%s, %s, %s, %s)"] * len(chosen))
    with connection.cursor() as cursor:
        cursor.execute(_sql(INSERT_CHOICES) + rows, params)


def _store_ballot(by, box, chosen: dict[int, int], channel) -> Receipt:
    code = RECEIPT_CODE.generate()
    locator = locator_for(box, by)
    # As the ORM stores it (naive UTC text on SQLite), so the column reads the same either way.
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    new_id = uuid.uuid4()
    # From the roll, with who voted (kept by the first vote: a change does not update it).
    age_band = roll_age_band(by, box.budget_round)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_sql(UPSERT_PARTICIPATION), [box.pk, by.pk, channel, age_band, now, now])
        stored_channel, created = cursor.fetchone()
        if stored_channel == Channel.PAPER and channel != Channel.PAPER:
            raise VotedOnPaper(voted_on_paper_message())
        if not created:
            # A change: the receipt of the ballot being replaced stays "received" (issue 9).
            cursor.execute(_sql(KEEP_OLD_RECEIPT), [_uuid_param(uuid.uuid4()), locator])
        cursor.execute(
            _sql(UPSERT_BALLOT),
            [_uuid_param(new_id), box.pk, locator, channel, RECEIPT_CODE.keyed_hash(code)],
        )
        ballot_id = Ballot._meta.pk.to_python(cursor.fetchone()[0])
        changed = ballot_id != new_id
        if not changed and not created:
            # The locator key changed: the earlier ballot cannot be found, and this second one
            # would give the voter two votes. Rolled back with the rest.
            raise Conflict(unlocatable_message())
        same = False
        if changed:
            cursor.execute(_sql(DELETE_CHOICES), [_uuid_param(ballot_id)])
            same = {int(pk): int(value) for pk, value in cursor.fetchall()} == dict(chosen)
        _write_choices(ballot_id, chosen)
        # No audit event: a timed event per vote would give a timeline to line up with the
        # participations and the storage order of ballots (issue 9). Who voted and when is the
        # participation, which the retention purge deletes.
    return Receipt(code, box, changed, voting_closes_at(box.budget_round), same_as_before=same)


def current_choices(voter, box: BallotBox) -> dict[int, int]:
    """The voter's own ballot, {proposal id: value}, found through the locator; {} if none.

    Only while voting is open, to change it: a closed ballot is never shown again, to anyone,
    so a voter cannot prove to a vote buyer how they finally voted (issue 9)."""
    if not voter.is_authenticated or voting_has_closed(box.budget_round):
        return {}
    return dict(
        BallotChoice.objects.filter(
            ballot__box=box, ballot__locator=locator_for(box, voter)
        ).values_list("proposal_id", "value")
    )


def ballot_is_locatable(voter, box: BallotBox) -> bool:
    """Whether the voter's ballot can be found with their current credentials. False after a
    new code or password: the earlier ballot stands but cannot be seen or changed."""
    return Ballot.objects.filter(box=box, locator=locator_for(box, voter)).exists()
