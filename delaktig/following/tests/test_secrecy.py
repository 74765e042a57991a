"""An attacker with a copy of the database, who also has who voted (Participation, with its
time) and who answered (Respondent), must not join an e-mail follow to a ballot or an answer:
no link, no time of day, no sequence, no storage order."""

import random

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from delaktig.following import digest
from delaktig.following.models import Follow

from .helpers import follow_by_email, round_factory

pytestmark = pytest.mark.django_db


def test_an_email_follow_keeps_nothing_that_points_at_a_ballot_an_answer_or_a_moment():
    fields = {f.name: f for f in Follow._meta.get_fields() if f.concrete}
    related = {f.related_model._meta.label for f in fields.values() if f.is_relation}
    assert related == {"accounts.User", "contenttypes.ContentType", "processes.BudgetRound"}
    times = [n for n, f in fields.items() if f.get_internal_type() == "DateTimeField"]
    assert times == ["last_sent_at"]  # set by the digest, at the digest's time
    assert fields["created_on"].get_internal_type() == "DateField"
    assert fields["id"].get_internal_type() == "UUIDField"  # no sequence


def test_asking_by_email_writes_no_row_anywhere(client, django_assert_max_num_queries):
    """Asking leaves no row (no follow, no queued task with the address and the moment): the
    queries it makes are reads."""
    from django.test.utils import CaptureQueriesContext

    budget_round = round_factory()
    with CaptureQueriesContext(connection) as queries:
        client.post(f"/folj/process/{budget_round.pk}/e-post/", {"email": "v@example.se"})
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE", "REPLACE"}
        and "django_session" not in q["sql"]
    ]
    assert writes == []
    assert len(mail.outbox) == 1


def _storage_order() -> list[str]:
    """The e-mail follows in the order the database file keeps them."""
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(Follow._meta.db_table)
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT email FROM {table} ORDER BY ctid")  # noqa: S608
        else:
            # WITHOUT ROWID: the file keeps the rows in the order of their key
            cursor.execute(f"SELECT email FROM {table} ORDER BY id")  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


def test_sqlite_keeps_the_table_by_its_random_key():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s",
            [Follow._meta.db_table],
        )
        assert "WITHOUT ROWID" in cursor.fetchone()[0].upper()


def test_the_storage_order_after_the_day_is_not_the_order_of_confirming(time_machine):
    """Voters confirm in the order they voted (Participation.cast_at). After the day's digest
    the table keeps the day's e-mail follows in an order unrelated to it."""
    budget_round = round_factory()
    time_machine.move_to(timezone.localtime().replace(hour=12), tick=False)
    confirmed_in_order = [f"voter{n:02}@example.se" for n in range(40)]
    for email in confirmed_in_order:
        follow_by_email(email, budget_round)
    assert Follow.objects.filter(settled=False).count() == 40
    if connection.vendor == "postgresql":
        # What the attacker would see without the rewrite: the order of confirming.
        assert _storage_order() == confirmed_in_order
    time_machine.move_to(timezone.now() + timezone.timedelta(days=1), tick=False)
    counts = digest.send_digests()
    assert counts["settled"] == 40
    assert not Follow.objects.filter(settled=False).exists()
    stored = _storage_order()
    assert sorted(stored) == confirmed_in_order
    assert stored != confirmed_in_order  # 1 in 40! to fail by chance
    # Every row keeps only the day: the same for all of them.
    assert Follow.objects.values("created_on").distinct().count() == 1


def test_settling_keeps_every_follow_as_it_was():
    budget_round = round_factory()
    emails = [f"p{n}@example.se" for n in range(5)]
    random.shuffle(emails)
    before = {
        f.pk: (f.email, f.target_id, f.process_id, f.confirmed)
        for f in [follow_by_email(e, budget_round) for e in emails]
    }
    digest.settle_new_follows(today=timezone.localdate() + timezone.timedelta(days=1))
    after = {f.pk: (f.email, f.target_id, f.process_id, f.confirmed) for f in Follow.objects.all()}
    assert after == before
