"""What the meetings app keeps about people, and how it forgets them (the privacy app's
contract, delaktig.privacy.owners).

A registration holds a name, an e-mail address, what the person needs to take part and, for
someone signed in, their account. An invitation to a person holds a name and an address (an
association's invitation holds its public contact address). These are kept while they are of
use: `RETENTION_DAYS` (default 90, setting `MEETING_PERSONAL_DATA_DAYS`) after the meeting
ended, the retention purge empties them. The rows stay, without anyone in them, so the counts
stay true: how many registered, waited, were invited and came.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from delaktig.accounts.personal_data import when

from .models import Invitation, Meeting, Registration

USER_FIELDS = ("meetings.Registration.user",)


def retention_days() -> int:
    return int(getattr(settings, "MEETING_PERSONAL_DATA_DAYS", 90))


def _mine(users) -> Q:
    emails = [u.email.lower() for u in users if getattr(u, "email", "")]
    return Q(user__in=users) | Q(email__in=emails)


def forget_users(*, users) -> dict[str, int]:
    """Before the accounts go: their registrations (also those made with the same address
    without signing in) are emptied, and a coming meeting's place is given up first, so the
    waiting list moves up."""
    from . import services

    users = list(users)
    now = timezone.now()
    rows = Registration.objects.filter(_mine(users)).exclude(email="")
    coming = rows.filter(
        meeting__starts_at__gt=now, status__in=["pending", "registered", "waiting"]
    )
    for pk in list(coming.values_list("pk", flat=True)):
        services.cancel_registration(registration_id=pk, now=now)
    with transaction.atomic():
        emptied = rows.update(name="", email="", needs="", user=None)
        emails = [u.email.lower() for u in users if getattr(u, "email", "")]
        invitations = (
            Invitation.objects.filter(association=None, email__in=emails).update(name="", email="")
            if emails
            else 0
        )
    return {"meeting_registrations": emptied, "meeting_invitations": invitations}


def forget_user(*, user) -> dict[str, int]:
    return forget_users(users=[user])


def _empty(meetings, *, dry_run: bool) -> dict[str, int]:
    registrations = Registration.objects.filter(meeting__in=meetings).exclude(email="")
    invitations = Invitation.objects.filter(meeting__in=meetings).exclude(email="")
    if dry_run:
        return {
            "meeting_registrations": registrations.count(),
            "meeting_invitations": invitations.count(),
        }
    with transaction.atomic():
        emptied = registrations.update(name="", email="", needs="", user=None)
        # An association's name stays (it is public); a person's goes with the address.
        people = invitations.filter(association=None).update(name="", email="")
        associations = invitations.exclude(association=None).update(email="")
        meetings.filter(purged_at__isnull=True).update(purged_at=timezone.now())
    return {"meeting_registrations": emptied, "meeting_invitations": people + associations}


def purge(*, process, cutoff: datetime, dry_run: bool = False) -> dict[str, int]:
    """The retention purge of a due process: its meetings that ended before `cutoff`."""
    return _empty(Meeting.objects.filter(process=process, ends_at__lt=cutoff), dry_run=dry_run)


def purge_past_meetings(
    *, days: int | None = None, now: datetime | None = None, dry_run: bool = False
) -> dict[str, int]:
    """The daily purge of every meeting, in a process or standing alone, that ended more than
    `days` days ago (privacy's purge_personal_data calls it)."""
    days = retention_days() if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    return _empty(Meeting.objects.filter(ends_at__lt=cutoff), dry_run=dry_run)


def export_user(*, user) -> dict:
    rows = (
        Registration.objects.filter(_mine([user]))
        .exclude(email="")
        .select_related("meeting")
        .order_by("created_at", "id")
    )
    return {
        "meeting_registrations": [
            {
                "meeting": r.meeting.title,
                "starts": when(r.meeting.starts_at),
                "name": r.name,
                "email": r.email,
                "needs": r.needs,
                "status": r.status,
                "registered": when(r.created_at),
                "confirmed": when(r.confirmed_at),
                "attended": r.attended,
            }
            for r in rows
        ]
    }
