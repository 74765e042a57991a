"""After the close: locators cleared and ballots rewritten in random order (ADR 0001)."""

from django.db import connection, transaction
from django.utils.translation import gettext as _

from delaktig.audit import services as audit
from delaktig.core import storage
from delaktig.core.errors import Conflict
from delaktig.core.permissions import require

from ..models import (
    Ballot,
    BallotBox,
    BallotChoice,
    SupersededReceipt,
)
from ..rules import voting_has_closed


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
    """Outside a transaction, make the database file forget the old rows of ballots and
    choices (core.storage.forget_old_rows).

    On PostgreSQL, VACUUM FULL holds an exclusive lock on the two ballot tables while it runs
    (0.9 s for 100 000 ballots of 3 choices on the 2-core test machine): votes in other rounds
    wait that long. It runs only after a box was sealed (the close, a count after new paper
    ballots), not on every timer tick."""
    storage.forget_old_rows([Ballot._meta.db_table, BallotChoice._meta.db_table])
