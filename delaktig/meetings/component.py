"""The meetings component (ADR 0004): a process's page lists its coming meetings and those
with published notes. Meetings have no phases of their own: they are dated one by one."""

from django.utils.translation import gettext_lazy as _

from delaktig.processes.components import Component, register_component


def _meetings_section(process, user):
    """On the process's own page: its coming meetings and what came out of past ones. One
    query, on that page only."""
    from django.utils import timezone

    from .models import Meeting

    now = timezone.now()
    meetings = list(
        Meeting.objects.public()
        .filter(process=process)
        .select_related("district")
        .order_by("starts_at", "id")[:50]
    )
    coming = [m for m in meetings if not m.has_ended(now)]
    held = [m for m in meetings if m.has_ended(now) and m.notes_published_at]
    if not coming and not held:
        return None
    return "meetings/_process_section.html", {"coming": coming, "held": held}


register_component(Component("meetings", _("Meetings"), page_section=_meetings_section))
