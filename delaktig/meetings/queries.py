"""Reads of the meetings app: the calendar's lists, a meeting's counts, and the key points
that other apps (the dialogue report) cite. Queries write nothing; callers check permissions.
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Max, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from delaktig.core.permissions import why_not

from .models import KeyPoint, Meeting, MeetingStatus, RegistrationStatus


@dataclass(frozen=True)
class Filters:
    district_id: int | None = None
    kind: str = ""
    target_group: str = ""


def _calendar(filters: Filters):
    meetings = Meeting.objects.public().select_related("district", "process")
    if filters.district_id:
        meetings = meetings.filter(district_id=filters.district_id)
    if filters.kind:
        meetings = meetings.filter(kind=filters.kind)
    if filters.target_group:
        meetings = meetings.filter(target_group=filters.target_group)
    return meetings


def calendar_version() -> str:
    """Changes whenever a meeting is added, changed or deleted: the calendar's cache key."""
    seen = Meeting.objects.aggregate(changed=Max("updated_at"), n=Count("id"))
    changed = seen["changed"].timestamp() if seen["changed"] else 0
    return f"{seen['n']}-{changed}"


def upcoming(filters: Filters, now: datetime | None = None):
    """Published (and cancelled) meetings that have not ended, soonest first."""
    return _calendar(filters).upcoming(now).order_by("starts_at", "id")


def past(filters: Filters, now: datetime | None = None):
    return _calendar(filters).past(now).order_by("-starts_at", "-id")


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    first = date(year, month, 1)
    last = first + timedelta(days=calendar.monthrange(year, month)[1])
    return (
        datetime.combine(first, time.min, tzinfo=tz),
        datetime.combine(last, time.min, tzinfo=tz),
    )


def month(filters: Filters, year: int, month_number: int) -> list[tuple[date, list[Meeting]]]:
    """The month's meetings by local day: (day, meetings) for each day that has any. One query."""
    start, end = month_bounds(year, month_number)
    days: dict[date, list[Meeting]] = {}
    for meeting in (
        _calendar(filters)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .order_by("starts_at", "id")
    ):
        days.setdefault(timezone.localtime(meeting.starts_at).date(), []).append(meeting)
    return list(days.items())


def feed(now: datetime | None = None, *, limit: int = 500):
    """What the iCalendar feed holds: meetings from 30 days ago on, at most `limit`."""
    since = (now or timezone.now()) - timedelta(days=30)
    return (
        Meeting.objects.public()
        .filter(ends_at__gte=since)
        .select_related("district")
        .order_by("starts_at", "id")[:limit]
    )


def get_meeting_for(user, slug: str) -> Meeting:
    """The meeting, or 404 for one that does not exist or the person may not see (a draft)."""
    meeting = get_object_or_404(Meeting.objects.select_related("district", "process"), slug=slug)
    if why_not("meetings.view_meeting", user, meeting):
        raise Http404
    return meeting


@dataclass(frozen=True)
class Counts:
    registered: int
    waiting: int
    pending: int
    attended: int


def counts(meeting: Meeting) -> Counts:
    """How many are registered, waiting, not yet confirmed and came. One query."""
    c = meeting.registrations.aggregate(
        registered=Count("pk", filter=Q(status=RegistrationStatus.REGISTERED)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
        pending=Count("pk", filter=Q(status=RegistrationStatus.PENDING)),
        attended=Count("pk", filter=Q(attended=True)),
    )
    return Counts(**c)


def invitation_progress(meeting: Meeting) -> list:
    """Each invitation with how many registered through it and how many of them came:
    invited → registered → attended. One query."""
    return list(
        meeting.invitations.select_related("association")
        .annotate(
            registered=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED)
            ),
            attended=Count("registrations", filter=Q(registrations__attended=True)),
        )
        .order_by("name", "id")
    )


@dataclass(frozen=True)
class CitedKeyPoint:
    """A key point as the dialogue report cites it: the text, and which meeting it came from."""

    text: str
    meeting_title: str
    meeting_slug: str
    meeting_kind: str
    starts_at: datetime
    participants: int | None


def key_points(process) -> list[CitedKeyPoint]:
    """The key points of the process's meetings whose notes are published, by meeting (in the
    order they took place) and then in the order the official wrote them. One query.

    Cancelled meetings and unpublished notes are left out. This is the query the dialogue
    report uses to cite what came out of meetings."""
    rows = (
        KeyPoint.objects.filter(
            meeting__process=process,
            meeting__status=MeetingStatus.PUBLISHED,
            meeting__notes_published_at__isnull=False,
        )
        .select_related("meeting")
        .order_by("meeting__starts_at", "meeting_id", "position", "id")
    )
    return [
        CitedKeyPoint(
            text=p.text,
            meeting_title=p.meeting.title,
            meeting_slug=p.meeting.slug,
            meeting_kind=p.meeting.kind,
            starts_at=p.meeting.starts_at,
            participants=p.meeting.participants,
        )
        for p in rows
    ]
