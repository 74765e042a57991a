"""iCalendar (RFC 5545) for the calendar feed and each meeting's `.ics`, with the kept library
`icalendar`. The digital link is never in a calendar file: it is shown only to confirmed
registrants near the start (models.DIGITAL_LINK_BEFORE)."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from .models import Meeting


def _url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _location(meeting: Meeting) -> str:
    if meeting.place:
        return ", ".join(part for part in (meeting.place, meeting.address) if part)
    return str(meeting.get_kind_display())


def _event(meeting: Meeting) -> Event:
    event = Event()
    host = settings.SITE_URL.split("://")[-1].split("/")[0] or "delaktig"
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    event.add("dtstamp", meeting.updated_at or timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", meeting.title)
    event.add("description", meeting.description)
    event.add("location", _location(meeting))
    event.add("url", _url(reverse("meetings:detail", kwargs={"slug": meeting.slug})))
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    event.add("categories", [str(meeting.get_kind_display())])
    return event


def calendar_bytes(meetings, *, name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", f"-//{settings.SITE_NAME}//{settings.MUNICIPALITY_NAME}//SV")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for meeting in meetings:
        cal.add_component(_event(meeting))
    return cal.to_ical()
