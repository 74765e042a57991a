"""Showing the exported data (ISO times, stored codes) as readable text on "Mina uppgifter"."""

from datetime import datetime

from django import template

from delaktig.proposals.models import ProposalStatus, ReportResolution
from delaktig.voting.models import Channel

register = template.Library()

LABELS = {
    "proposal_status": ProposalStatus,
    "channel": Channel,
    "resolution": ReportResolution,
}


@register.filter
def as_datetime(value):
    """'2025-05-01T12:00:00+02:00' → a datetime, for the `date` filter."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None


@register.filter
def label(value, kind):
    """The translated label of a stored code: {{ p.status|label:"proposal_status" }}."""
    choices = LABELS.get(kind)
    if choices is None or value in (None, ""):
        return value or ""
    try:
        return choices(value).label
    except ValueError:
        return value
