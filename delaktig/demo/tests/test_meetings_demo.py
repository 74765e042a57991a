"""The demo's meetings on Utmaningen: past ones with notes, a focus group with invited
associations, a full open meeting with a waiting list."""

import pytest
from django.core.management import call_command

from delaktig.associations.models import Association, AssociationStatus

pytestmark = pytest.mark.django_db


def test_the_meetings_of_utmaningen():
    from delaktig.meetings import queries
    from delaktig.meetings.models import Meeting, MeetingKind
    from delaktig.processes.models import BudgetRound

    # The register's own demo may have made an association first: it is used, not doubled.
    Association.objects.create(
        slug="vansbro-ik", name="Vansbro IK", category="sports", status=AssociationStatus.LISTED
    )
    call_command("load_demo")
    vansbro = BudgetRound.objects.get(name="Utmaningen: förtroende i Vansbro")
    held = Meeting.objects.filter(process=vansbro, notes_published_at__isnull=False)
    assert {m.kind for m in held} == {MeetingKind.CAFE, MeetingKind.DISTRICT}
    assert all(m.has_ended() for m in held)
    assert len(queries.key_points(vansbro)) == 6
    focus = Meeting.objects.get(process=vansbro, kind=MeetingKind.FOCUS_GROUP)
    assert focus.target_group == "parents" and not focus.has_started()
    progress = queries.invitation_progress(focus)
    assert len(progress) >= 3 and all(i.association_id for i in progress)
    assert sum(i.registered for i in progress) == 2
    full = Meeting.objects.get(process=vansbro, kind=MeetingKind.OPEN)
    counts = queries.counts(full)
    assert (counts.registered, counts.waiting) == (full.capacity, 3)
    assert Association.objects.filter(slug="vansbro-ik").count() == 1
