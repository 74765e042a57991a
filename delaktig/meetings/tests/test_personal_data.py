import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.utils import timezone

from delaktig.meetings import personal_data, queries, services
from delaktig.meetings.models import Registration, RegistrationStatus

from .factories import MeetingFactory

pytestmark = pytest.mark.django_db


def confirmed(meeting, email, name="Eva Ek"):
    r = services.register(by=AnonymousUser(), meeting=meeting, name=name, email=email)
    return services.confirm(registration_id=r.pk)


def test_retention_empties_names_and_keeps_counts(official, time_machine):
    meeting = MeetingFactory(capacity=1)
    recent = MeetingFactory()
    confirmed(meeting, "a@example.se")
    services.register(
        by=AnonymousUser(), meeting=meeting, name="B", email="b@example.se", waiting_ok=True
    )
    services.confirm(registration_id=Registration.objects.get(email="b@example.se").pk)
    services.invite_person(by=official, meeting=meeting, name="Per", email="per@example.se")
    confirmed(recent, "c@example.se")
    time_machine.move_to(meeting.ends_at + timedelta(days=91))
    recent.starts_at = timezone.now() - timedelta(days=2)
    recent.ends_at = timezone.now() - timedelta(days=2) + timedelta(hours=1)
    recent.save()
    dry = personal_data.purge_past_meetings(dry_run=True)
    assert dry == {"meeting_registrations": 2, "meeting_invitations": 1}
    assert Registration.objects.exclude(email="").count() == 3
    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "Möten som slutade för mer än 90 dagar sedan" in out.getvalue()
    assert list(meeting.registrations.values_list("name", "email")) == [("", ""), ("", "")]
    assert meeting.invitations.get().email == ""
    assert queries.counts(meeting).registered == 1
    assert queries.counts(meeting).waiting == 1
    assert recent.registrations.get().email == "c@example.se"  # not yet due
    assert personal_data.purge_past_meetings() == {
        "meeting_registrations": 0,
        "meeting_invitations": 0,
    }


def test_export_and_forget(resident):
    meeting = MeetingFactory(capacity=1)
    mine = services.register(by=resident, meeting=meeting, name="Anna", email=resident.email)
    assert mine.status == RegistrationStatus.REGISTERED
    other = services.register(
        by=AnonymousUser(), meeting=meeting, name="B", email="b@example.se", waiting_ok=True
    )
    other = services.confirm(registration_id=other.pk)
    assert other.status == RegistrationStatus.WAITING
    exported = personal_data.export_user(user=resident)["meeting_registrations"]
    assert [(r["email"], r["status"]) for r in exported] == [(resident.email, "registered")]
    counts = personal_data.forget_user(user=resident)
    assert counts["meeting_registrations"] == 1
    assert not Registration.objects.filter(email=resident.email).exists()
    other.refresh_from_db()
    assert other.status == RegistrationStatus.REGISTERED  # the freed place moved up
