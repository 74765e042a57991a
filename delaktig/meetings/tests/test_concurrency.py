"""The last place under concurrency, on PostgreSQL: 20 people confirm at the same moment."""

from django.contrib.auth.models import AnonymousUser

from delaktig.core.tests.concurrency import POSTGRES_ONLY, run_at_once
from delaktig.meetings import services
from delaktig.meetings.models import RegistrationStatus

from .factories import MeetingFactory

pytestmark = POSTGRES_ONLY


def test_twenty_confirm_for_the_last_place():
    meeting = MeetingFactory(capacity=5)
    for i in range(4):
        r = services.register(by=AnonymousUser(), meeting=meeting, name="A", email=f"a{i}@x.se")
        services.confirm(registration_id=r.pk)
    pending = [
        services.register(
            by=AnonymousUser(), meeting=meeting, name="B", email=f"b{i}@x.se", waiting_ok=True
        )
        for i in range(20)
    ]
    results, errors = run_at_once(
        [lambda pk=r.pk: services.confirm(registration_id=pk) for r in pending]
    )
    assert errors == []
    assert len(results) == 20
    statuses = list(meeting.registrations.values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.REGISTERED) == 5
    assert statuses.count(RegistrationStatus.WAITING) == 19


def test_twenty_register_signed_in_for_the_last_place():
    from delaktig.accounts.tests.factories import UserFactory

    meeting = MeetingFactory(capacity=1)
    users = [UserFactory() for _ in range(20)]
    _results, errors = run_at_once(
        [
            lambda u=u: services.register(
                by=u, meeting=meeting, name=u.full_name, email=u.email, waiting_ok=True
            )
            for u in users
        ]
    )
    assert errors == []
    statuses = list(meeting.registrations.values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.REGISTERED) == 1
    assert statuses.count(RegistrationStatus.WAITING) == 19


def test_cancellations_at_once_fill_each_place_once():
    meeting = MeetingFactory(capacity=10)
    placed = []
    for i in range(10):
        r = services.register(by=AnonymousUser(), meeting=meeting, name="A", email=f"a{i}@x.se")
        placed.append(services.confirm(registration_id=r.pk))
    for i in range(15):
        r = services.register(
            by=AnonymousUser(), meeting=meeting, name="W", email=f"w{i}@x.se", waiting_ok=True
        )
        services.confirm(registration_id=r.pk)
    _results, errors = run_at_once(
        [lambda pk=r.pk: services.cancel_registration(registration_id=pk) for r in placed]
    )
    assert errors == []
    statuses = list(meeting.registrations.values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.REGISTERED) == 10
    assert statuses.count(RegistrationStatus.WAITING) == 5
