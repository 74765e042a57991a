"""The audit log is append-only: the ORM refuses to change or remove an event, and on
PostgreSQL the database itself refuses a raw UPDATE or DELETE (trigger, migration 0002)."""

import pytest
from django.db import DatabaseError, connection, transaction

from delaktig.audit.models import AppendOnlyError, AuditEvent
from delaktig.audit.services import record


@pytest.fixture
def event(db):
    return record(None, "round.created", round_id=1, name="Säter 2026")


def unchanged(event):
    stored = AuditEvent.objects.get(pk=event.pk)
    return (stored.action, stored.data) == ("round.created", {"name": "Säter 2026"})


def test_a_new_event_can_be_added(event):
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_saving_a_stored_event_is_refused(event):
    event.action = "round.deleted"
    with pytest.raises(AppendOnlyError):
        event.save()
    assert unchanged(event)


def test_deleting_an_event_is_refused(event):
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert unchanged(event)


def test_updating_through_a_queryset_is_refused(event):
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="round.deleted")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.update(action="round.deleted")
    assert unchanged(event)


def test_bulk_update_is_refused(event):
    event.action = "round.deleted"
    with pytest.raises(AppendOnlyError), transaction.atomic():  # bulk_update marks its block
        AuditEvent.objects.bulk_update([event], ["action"])
    assert unchanged(event)


def test_deleting_through_a_queryset_is_refused(event):
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert unchanged(event)


postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")


@pytest.mark.postgres
@postgres_only
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET action = 'round.deleted' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ],
    ids=["update", "delete"],
)
def test_the_database_refuses_raw_update_and_delete(event, sql):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [event.pk])
    assert unchanged(event)
