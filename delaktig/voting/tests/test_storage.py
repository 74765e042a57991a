"""Issue 9, finding 2: a copy of the database must not link a ballot to its voter through the
order ballots are stored in, on SQLite and on PostgreSQL."""

import pytest
from django.db import OperationalError, connection
from django.db.utils import ProgrammingError

from delaktig.accounts.tests.factories import UserFactory
from delaktig.core.errors import Conflict
from delaktig.processes.timeline import move_to
from delaktig.voting.models import Ballot, BallotBox, BallotChoice, Participation
from delaktig.voting.services import casting, sealing

from .factories import box_with_proposals

pytestmark = pytest.mark.django_db

VOTERS = 30


def storage_order(table: str) -> list[str]:
    """The ids in the order a raw read of the file gives them, as an attacker would read them:
    PostgreSQL's physical position (ctid), SQLite's scan order (the rowid, if there is one)."""
    if connection.vendor == "postgresql":
        sql = f"SELECT id FROM {table} ORDER BY ctid"  # noqa: S608 (a fixed table name)
    else:
        # A WITHOUT ROWID table is a B-tree on its key: its scan order is the key order
        # (ORDER BY id makes SQLite walk that tree rather than an index that covers the
        # column). seal_box also inserts in key order, so the cells within a page follow it.
        sql = f"SELECT id FROM {table} ORDER BY id"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [str(row[0]).replace("-", "") for row in cursor.fetchall()]


def linked(box, proposals) -> int:
    """How many ballots the attack links to their voter: voter i chose proposal i and voted
    i-th (Participation.cast_at); count the ballots whose storage position is their voter's."""
    by_id = {
        str(b).replace("-", ""): p
        for b, p in BallotChoice.objects.filter(ballot__box=box).values_list(
            "ballot_id", "proposal_id"
        )
    }
    ids = [i for i in storage_order("voting_ballot") if i in by_id]
    order = [p.pk for p in proposals]
    return sum(1 for position, ballot in enumerate(ids) if by_id[ballot] == order[position])


@pytest.fixture
def voted_box(make_round):
    box, proposals = box_with_proposals(make_round("vote"), [100] * VOTERS)
    for proposal in proposals:  # voter i votes i-th, for proposal i
        casting.cast_ballot(by=UserFactory(), box=box, choices=[proposal.pk])
    return box, proposals


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's hidden rowid")
def test_sqlite_ballot_tables_have_no_rowid():
    """Django rebuilds a table when a migration alters it, as an ordinary rowid table: this
    fails then, and voting/migrations/0005 shows the way back."""
    for table in ("voting_ballot", "voting_ballotchoice", "voting_supersededreceipt"):
        with connection.cursor() as cursor:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [table])
            assert "WITHOUT ROWID" in cursor.fetchone()[0].upper()
            with pytest.raises(OperationalError):
                cursor.execute(f"SELECT rowid FROM {table}")  # noqa: S608


def test_after_the_close_storage_order_follows_only_new_random_keys(voted_box):
    box, proposals = voted_box
    old_ids = set(storage_order("voting_ballot"))
    receipts = sorted(Ballot.objects.values_list("receipt_hash", flat=True))
    counts = sorted(BallotChoice.objects.values_list("proposal_id", flat=True))
    move_to(box.budget_round, "result")
    assert sealing.seal_box(box=box) == VOTERS
    ids = storage_order("voting_ballot")
    assert not old_ids & set(ids)  # every ballot has a new key
    assert ids == sorted(ids)  # stored in the order of its random key, nothing else
    assert not Ballot.objects.filter(locator__isnull=False).exists()
    assert linked(box, proposals) < VOTERS // 3  # by chance only (about 1 expected)
    # Nothing else changed: the same receipts, the same choices, the same voters.
    assert sorted(Ballot.objects.values_list("receipt_hash", flat=True)) == receipts
    assert sorted(BallotChoice.objects.values_list("proposal_id", flat=True)) == counts
    assert Participation.objects.filter(box=box).count() == VOTERS
    # Choices are stored in the order of their ballot's new random key.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT ballot_id FROM voting_ballotchoice ORDER BY ctid")
            ballot_order = [str(row[0]) for row in cursor.fetchall()]
        assert ballot_order == sorted(ballot_order)
    else:
        choice_ids = storage_order("voting_ballotchoice")
        assert choice_ids == sorted(choice_ids)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's heap order")
def test_postgresql_physical_order_linked_every_ballot_before_the_seal(voted_box):
    """The attack of the review, on PostgreSQL: before the seal ctid order is voting order."""
    box, proposals = voted_box
    assert linked(box, proposals) == VOTERS
    move_to(box.budget_round, "result")
    sealing.seal_box(box=box)
    assert linked(box, proposals) < VOTERS // 3


def test_a_seal_waits_for_the_close(voted_box):
    box, _proposals = voted_box
    with pytest.raises(Conflict):
        sealing.seal_box(box=box)
    assert Ballot.objects.filter(locator__isnull=False).count() == VOTERS


def test_the_count_seals_first_and_again_after_new_ballots(voted_box, official):
    from django.utils import timezone

    box, _proposals = voted_box
    move_to(box.budget_round, "result")
    assert sealing.seal_box(box=box) == VOTERS
    assert sealing.seal_box(box=box) == 0  # nothing new
    # A paper ballot counted after the seal is written last: the next seal rewrites again.
    casting.write_ballot(box, {_proposals[0].pk: 1}, channel="paper", receipt="x")
    assert sealing.seal_box(box=box) == VOTERS + 1
    assert BallotBox.objects.get(pk=box.pk).sealed_ballots == VOTERS + 1
    assert timezone.now()


def test_compacting_outside_a_transaction_is_harmless(voted_box):
    try:
        sealing.compact_ballot_storage()  # inside the test's transaction: does nothing
    except (OperationalError, ProgrammingError) as error:  # pragma: no cover
        pytest.fail(f"compacting must not fail inside a transaction: {error}")
