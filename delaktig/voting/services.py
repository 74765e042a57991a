"""Every write in the voting app: ballot design (officials) and casting a ballot (voters)."""

import hashlib
import hmac
import logging
import secrets
import time
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delaktig.assessments.queries import feasible_proposals
from delaktig.audit import services as audit
from delaktig.core.errors import Conflict, InvalidInput, NotAllowed
from delaktig.core.permissions import require, why_not
from delaktig.processes.models import Eligibility

from . import queries, snapshot
from .models import (
    Ballot,
    BallotBox,
    BallotChoice,
    BallotKind,
    Channel,
    Participation,
    SupersededReceipt,
)
from .rules import voting_closes_at, voting_has_closed, voting_has_opened
from .validation import Problem, RulesBroken, choice_problems, design_problems

DESIGN_FIELDS = (
    "kind",
    "min_choices",
    "max_choices",
    "max_cost_per_proposal",
    "spending_cap",
    "total_points",
    "max_points_per_proposal",
    "rank_count",
    "counting_rule",
    "completion",
)
# Limits that mean nothing for a kind are cleared, so the stored design says only what applies.
UNUSED_BY_KIND = {
    BallotKind.APPROVAL: (
        "max_cost_per_proposal",
        "spending_cap",
        "total_points",
        "max_points_per_proposal",
        "rank_count",
    ),
    BallotKind.KNAPSACK: ("total_points", "max_points_per_proposal", "rank_count"),
    BallotKind.POINTS: ("max_cost_per_proposal", "spending_cap", "rank_count"),
    BallotKind.RANKING: (
        "max_choices",
        "max_cost_per_proposal",
        "spending_cap",
        "total_points",
        "max_points_per_proposal",
    ),
}
LOGGER = logging.getLogger(__name__)
RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to mix up


def locked_message():
    return _(
        "Voting has opened, so the ballot can no longer be changed. The kind of ballot, the "
        "limits, the counting rule and the proposals on the ballot stay the same for every voter."
    )


def _require_designer(by, box_or_round):
    require("voting.manage_ballotbox", by, box_or_round)
    budget_round = getattr(box_or_round, "budget_round", box_or_round)
    if voting_has_opened(budget_round):
        raise Conflict(locked_message())


# --- Ballot design -----------------------------------------------------------------------------


def create_boxes_for_round(*, by, budget_round, kind=BallotKind.APPROVAL) -> list[BallotBox]:
    """One box for the round, or one per area when the round has areas. Returns those created."""
    _require_designer(by, budget_round)
    created = []
    with transaction.atomic():
        areas = list(budget_round.areas.all())
        existing = set(
            BallotBox.objects.filter(budget_round=budget_round).values_list("area_id", flat=True)
        )
        for area in areas or [None]:
            area_id = area.pk if area else None
            if area_id in existing:
                continue
            box = BallotBox.objects.create(budget_round=budget_round, area=area, kind=kind)
            audit.record(by, "ballotbox.created", box, kind=kind, area=area_id)
            created.append(box)
    return created


def configure_ballot_box(*, by, box: BallotBox, data: Mapping) -> BallotBox:
    """Set the kind, limits, counting rule and (if given) the proposals on the ballot."""
    _require_designer(by, box)
    with transaction.atomic():
        box = (
            BallotBox.objects.select_for_update(of=("self",))
            .select_related("area", "budget_round")
            .get(pk=box.pk)
        )
        if voting_has_opened(box.budget_round):
            raise Conflict(locked_message())
        changes = {name: data[name] for name in DESIGN_FIELDS if name in data}
        for name, value in changes.items():
            setattr(box, name, value)
        for name in UNUSED_BY_KIND.get(box.kind, ()):
            setattr(box, name, None)
        proposals = _chosen_proposals(box, data) if "proposals" in data else None
        on_ballot = (
            {p.pk: (p.title, p.ballot_cost) for p in proposals}
            if proposals is not None
            else queries.proposal_titles_and_costs(box)
        )
        problems = design_problems(box, on_ballot)
        if problems:
            raise RulesBroken(problems)
        box.save()
        if proposals is not None:
            box.proposals.set(proposals)
        audit.record(
            by,
            "ballotbox.configured",
            box,
            **{name: getattr(box, name) for name in DESIGN_FIELDS},
            proposals=sorted(on_ballot),
        )
    return box


def feasible_for(box):
    return feasible_proposals(box.budget_round, area=box.area).annotate(
        ballot_cost=queries.ballot_cost()
    )


def _chosen_proposals(box, data) -> list:
    wanted = {getattr(p, "pk", p) for p in data["proposals"] or ()}
    feasible = list(feasible_for(box).filter(pk__in=wanted))
    if len(feasible) != len(wanted):
        raise RulesBroken(
            [
                Problem(
                    "proposals",
                    _("Only proposals assessed as feasible in this area can go on the ballot."),
                )
            ]
        )
    return feasible


@dataclass(frozen=True)
class Filled:
    on_ballot: list = field(default_factory=list)
    left_out: list = field(default_factory=list)  # feasible, but over the cost a proposal may have


def fill_ballot(*, by, box: BallotBox) -> Filled:
    """Put every feasible proposal of the box's area (or round) on the ballot."""
    _require_designer(by, box)
    with transaction.atomic():
        box = (
            BallotBox.objects.select_for_update(of=("self",))
            .select_related("area", "budget_round")
            .get(pk=box.pk)
        )
        feasible = list(feasible_for(box).order_by("title", "pk"))
        limit = None
        if box.kind == BallotKind.KNAPSACK:
            limit = min(box.effective_spending_cap, box.max_cost_per_proposal or box.budget)
        on_ballot = [p for p in feasible if limit is None or p.ballot_cost <= limit]
        left_out = [p for p in feasible if p not in on_ballot]
        box.proposals.set(on_ballot)
        audit.record(
            by,
            "ballotbox.filled",
            box,
            proposals=[p.pk for p in on_ballot],
            left_out=[p.pk for p in left_out],
        )
    return Filled(on_ballot, left_out)


def clear_locators(*, by, box: BallotBox) -> int:
    """After voting has closed, cut the last link from voters to ballots (see ADR 0001): the
    official's button for what the system does anyway (seal_box)."""
    require("voting.manage_ballotbox", by, box)
    if not voting_has_closed(box.budget_round):
        raise Conflict(_("Voters can still change their votes. Wait until voting has closed."))
    return seal_box(box=box, force=True)


def seal_box(*, box: BallotBox, force: bool = False) -> int:
    """Once voting has closed: clear every locator and rewrite the box's ballots in random
    order under new random keys, so that neither storage order nor a key follows the order of
    voting (issue 9). The system does this (results.run_tally, `manage.py seal_votes`), again
    whenever ballots were added since (paper ballots typed in after the close).

    Returns the number of ballots rewritten (0 when nothing changed since the last seal)."""
    if not voting_has_closed(box.budget_round):
        raise Conflict(_("Voters can still change their votes. Wait until voting has closed."))
    with transaction.atomic():
        box = BallotBox.objects.select_for_update(of=("self",)).get(pk=box.pk)
        count = Ballot.objects.filter(box=box).count()
        if not force and box.sealed_ballots == count:
            return 0
        _rewrite_in_random_order(box)
        box.sealed_ballots = count
        box.save(update_fields=["sealed_ballots"])
        audit.record(None, "ballotbox.sealed", box, ballots=count)
    transaction.on_commit(compact_ballot_storage)
    return count


def _random_key_sql() -> str:
    """SQL for a new random key: a UUID on PostgreSQL, 32 hex digits (Django's UUID column) on
    SQLite, both from the database's own random source."""
    if connection.vendor == "postgresql":
        return "gen_random_uuid()"
    return "lower(hex(randomblob(16)))"


# The rewrite, all in SQL: new keys for the box's ballots in a temporary map, copies inserted in
# the order of their new keys, the old rows deleted; choices follow their ballot's new key.
# 11–13 s and no Python memory for 100 000 ballots of 3 choices, where a first version in
# Python took 77–86 s and 263–289 MB (bench/seal.py, SQLite / PostgreSQL).
SEAL_STEPS = (
    "CREATE TEMPORARY TABLE {seal} AS SELECT id AS old_id, {random} AS new_id "
    "FROM {ballot} WHERE box_id = %(box)s",
    "INSERT INTO {ballot} (id, box_id, locator, channel, receipt_hash) "
    "SELECT m.new_id, b.box_id, NULL, b.channel, b.receipt_hash "
    "FROM {ballot} b JOIN {seal} m ON m.old_id = b.id ORDER BY m.new_id",
    "INSERT INTO {choice} (id, ballot_id, proposal_id, value) "
    "SELECT {random}, m.new_id, c.proposal_id, c.value "
    "FROM {choice} c JOIN {seal} m ON m.old_id = c.ballot_id ORDER BY m.new_id, c.proposal_id",
    "DELETE FROM {choice} WHERE ballot_id IN (SELECT old_id FROM {seal})",
    "DELETE FROM {ballot} WHERE id IN (SELECT old_id FROM {seal})",
    "DROP TABLE {seal}",
    "CREATE TEMPORARY TABLE {seal} AS SELECT {random} AS new_id, box_id, receipt_hash "
    "FROM {superseded} WHERE box_id = %(box)s",
    "DELETE FROM {superseded} WHERE box_id = %(box)s",
    "INSERT INTO {superseded} (id, box_id, receipt_hash) "
    "SELECT new_id, box_id, receipt_hash FROM {seal} ORDER BY new_id",
    "DROP TABLE {seal}",
)


def _rewrite_in_random_order(box) -> None:
    """Copy the box's ballots, choices and superseded receipts to new rows under new random
    keys, inserted in the order of those keys (random), and delete the old rows. Insertion
    order (a rowid, a heap position, the order of cells in a page) then follows nothing a voter
    did; the locators are not copied. With SQLite's secure_delete (settings) the old rows'
    bytes are zeroed."""
    q = connection.ops.quote_name
    names = {
        "ballot": q(Ballot._meta.db_table),
        "choice": q(BallotChoice._meta.db_table),
        "superseded": q(SupersededReceipt._meta.db_table),
        "seal": q("voting_seal_map"),
        "random": _random_key_sql(),
    }
    with connection.cursor() as cursor:
        for step in SEAL_STEPS:
            cursor.execute(step.format(**names), {"box": box.pk})


def compact_ballot_storage() -> None:
    """Outside a transaction, make the database file forget the old rows: PostgreSQL's
    VACUUM FULL rewrites the tables (dead rows and their order gone); SQLite checkpoints its
    write-ahead log (secure_delete has already zeroed the old rows in the main file).

    VACUUM FULL holds an exclusive lock on the two ballot tables while it runs (0.9 s for
    100 000 ballots of 3 choices on the 2-core test machine): votes in other rounds wait that
    long. It runs only after a
    box was sealed (the close, a count after new paper ballots), not on every timer tick."""
    if connection.in_atomic_block:
        return
    tables = [Ballot._meta.db_table, BallotChoice._meta.db_table]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM FULL " + ", ".join(connection.ops.quote_name(t) for t in tables))
        elif connection.vendor == "sqlite":
            # (busy, frames in the log, frames checkpointed): busy while a reader holds an old
            # snapshot; try again a few times, and say so if the log could not be emptied.
            for _attempt in range(5):
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                busy, _log, _done = cursor.fetchone()
                if not busy:
                    return
                time.sleep(0.2)
            LOGGER.warning("the SQLite write-ahead log could not be emptied after sealing")


# --- Casting a ballot --------------------------------------------------------------------------


@dataclass(frozen=True)
class Receipt:
    code: str  # shown to the voter once; only its hash is stored
    box: BallotBox
    changed: bool  # True when an earlier ballot was replaced
    closes_at: datetime | None


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


def new_receipt_code() -> str:
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def receipt_hash(code: str) -> str:
    """HMAC-SHA256 (key RECEIPT_KEY, never in the database) of the normalised code: with a
    plain hash, a receipt a voter shows to a vote buyer plus a copy of the database would
    reveal the ballot stored beside it."""
    normalised = code.replace("-", "").replace(" ", "").upper()
    key = settings.RECEIPT_KEY.encode()
    return hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()


def normalise_choices(box: BallotBox, choices) -> dict[int, int]:
    """{proposal id: value} from a mapping, or from ids in order (ranking: first = place 1)."""
    try:
        if isinstance(choices, Mapping):
            return {int(pk): int(value) for pk, value in choices.items()}
        ids = [int(pk) for pk in choices]
    except (TypeError, ValueError):
        raise RulesBroken(
            [Problem("ballot", _("The ballot could not be read. Try again."))]
        ) from None
    if box.kind == BallotKind.RANKING:
        return {pk: place for place, pk in enumerate(ids, start=1)}
    return dict.fromkeys(ids, 1)


def checked_choices(box: BallotBox, choices: Mapping | Iterable) -> dict[int, int]:
    """{proposal id: value} that keeps every rule of the box, or RulesBroken listing each broken
    rule. The same check for online and paper ballots."""
    chosen = normalise_choices(box, choices)
    if box.kind in (BallotKind.APPROVAL, BallotKind.KNAPSACK):
        chosen = dict.fromkeys(chosen, 1)
    elif box.kind == BallotKind.POINTS:
        chosen = {pk: value for pk, value in chosen.items() if value != 0}
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
    return (
        Participation.objects.filter(box=box, voter=voter).values_list("channel", flat=True).first()
    )


def cast_ballot(
    *, by, box: BallotBox, choices: Mapping | Iterable, channel: str = Channel.ONLINE
) -> Receipt:
    """Record that `by` voted in `box` and, apart from that, what they voted.

    A second call replaces the first ballot (a voter may change their vote until voting closes).
    A voter whose participation is on paper (entered, or being entered, by an official) is
    refused: a paper ballot cannot be changed online.
    """
    reason = why_not("voting.cast_ballot", by, box)
    if reason:
        raise NotAllowed(reason)
    other = voted_elsewhere_in_round(by, box)
    if other is not None:
        raise NotAllowed(voted_elsewhere_message(other))
    # A paper participation is refused under the participation's row lock in _store_ballot;
    # a ballot that breaks the rules is refused first, but for a paper voter the paper is the
    # answer (the rules of a ballot they cannot send are of no use to them).
    try:
        chosen = checked_choices(box, choices)
    except RulesBroken:
        if channel != Channel.PAPER and participation_channel(by, box) == Channel.PAPER:
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
    INSERT INTO {participation} AS p (box_id, voter_id, channel, cast_at, changed_at)
    VALUES (%s, %s, %s, %s, %s)
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
DELETE_CHOICES = "DELETE FROM {choice} WHERE ballot_id = %s"
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
    code = new_receipt_code()
    locator = locator_for(box, by)
    # As the ORM stores it (naive UTC text on SQLite), so the column reads the same either way.
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    new_id = uuid.uuid4()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_sql(UPSERT_PARTICIPATION), [box.pk, by.pk, channel, now, now])
        stored_channel, created = cursor.fetchone()
        if stored_channel == Channel.PAPER and channel != Channel.PAPER:
            raise VotedOnPaper(voted_on_paper_message())
        if not created:
            # A change: the receipt of the ballot being replaced stays "received" (issue 9).
            cursor.execute(_sql(KEEP_OLD_RECEIPT), [_uuid_param(uuid.uuid4()), locator])
        cursor.execute(
            _sql(UPSERT_BALLOT),
            [_uuid_param(new_id), box.pk, locator, channel, receipt_hash(code)],
        )
        ballot_id = Ballot._meta.pk.to_python(cursor.fetchone()[0])
        changed = ballot_id != new_id
        if not changed and not created:
            # The locator key changed: the earlier ballot cannot be found, and this second one
            # would give the voter two votes. Rolled back with the rest.
            raise Conflict(unlocatable_message())
        if changed:
            cursor.execute(_sql(DELETE_CHOICES), [_uuid_param(ballot_id)])
        _write_choices(ballot_id, chosen)
        # No audit event: a timed event per vote would give a timeline to line up with the
        # participations and the storage order of ballots (issue 9). Who voted and when is the
        # participation, which the retention purge deletes.
    return Receipt(code, box, changed, voting_closes_at(box.budget_round))


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


__all__ = [
    "Conflict",
    "InvalidInput",
    "NotAllowed",
    "Receipt",
    "RulesBroken",
    "cast_ballot",
    "checked_choices",
    "clear_locators",
    "configure_ballot_box",
    "create_boxes_for_round",
    "current_choices",
    "fill_ballot",
    "locator_for",
    "participation_channel",
    "write_ballot",
]
