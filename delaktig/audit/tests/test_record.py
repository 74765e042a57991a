"""record(): what an audit event keeps about its object."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from delaktig.audit.models import AuditEvent
from delaktig.audit.services import record

pytestmark = pytest.mark.django_db


def test_an_object_is_named_by_str_unless_it_gives_an_audit_label():
    group = Group.objects.create(name="Granskare")
    event = record(None, "group.made", group)
    assert (event.object_type, event.object_id, event.object_repr) == (
        "auth.group",
        str(group.pk),
        "Granskare",
    )


def test_a_person_is_named_by_id_never_by_name_or_email():
    """The log is kept for ever, also after the account is deleted (privacy policy)."""
    person = get_user_model().objects.create_user(
        "anna@example.se", password=None, full_name="Anna Andersson"
    )
    event = AuditEvent.objects.get(pk=record(person, "account.changed", person).pk)
    assert event.object_repr == f"#{person.pk}" and event.object_id == str(person.pk)
    assert event.actor == person  # the actor stays an id: a pseudonym once the account is gone
