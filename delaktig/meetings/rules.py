"""Permissions on meetings (core.permissions: each declared once, with reasons).

Residents' refusals (a full meeting, a focus group without an invitation, a past meeting)
depend on the registration, not on the person's role: the services raise them
(services.py)."""

import rules
from django.utils.translation import gettext_lazy as _

from delaktig.accounts.rules import is_official
from delaktig.core.permissions import any_of, declare, need
from delaktig.processes.rules import NEEDS_OFFICIAL, is_round_official

from .models import MeetingStatus


@rules.predicate
def is_meeting_official(user, meeting):
    """A case officer; for a meeting of a process, one of that process's case officers."""
    if getattr(meeting, "process_id", None) is None:
        return is_official(user)
    return is_round_official(user, meeting.process)


@rules.predicate
def meeting_is_public(user, meeting):
    return meeting is not None and meeting.status != MeetingStatus.DRAFT


NOT_PUBLISHED = _("This meeting is not published.")

declare("meetings.add_meeting", NEEDS_OFFICIAL)
declare(
    "meetings.manage_meeting",
    NEEDS_OFFICIAL,
    need(
        is_meeting_official,
        _("You are not a case officer of this meeting's round. An administrator can add you."),
    ),
)
declare(
    "meetings.view_meeting",
    any_of(
        need(meeting_is_public, NOT_PUBLISHED),
        need(is_meeting_official, NOT_PUBLISHED),
        message=NOT_PUBLISHED,
    ),
)
