"""Permissions on the dialogue report (core.permissions: each declared once, with reasons)."""

import rules
from django.utils.translation import gettext_lazy as _

from delaktig.accounts.rules import is_elected_member
from delaktig.core.permissions import any_of, declare, need
from delaktig.processes.rules import (
    NEEDS_OFFICIAL,
    NEEDS_ROUND_OFFICIAL,
    NOT_PUBLISHED,
    is_round_official,
    round_is_published,
)


@rules.predicate
def holds_a_report(user, process):
    return process is not None and process.holds("dialogue_report")


NOT_A_DIALOGUE = need(holds_a_report, _("Only a dialogue has a dialogue report."))

declare("dialogue.view_report", NOT_A_DIALOGUE, need(round_is_published, NOT_PUBLISHED))
declare("dialogue.compose_report", NEEDS_OFFICIAL, NEEDS_ROUND_OFFICIAL, NOT_A_DIALOGUE)
# The draft (the preview) before it is published: its case officers, and the elected members
# (förtroendevalda), who read it and change nothing (issue 13).
declare(
    "dialogue.read_draft_report",
    any_of(
        need(is_round_official, _("Only the case officers of the process can do this.")),
        need(is_elected_member, _("Only the case officers of the process can do this.")),
        message=_("Only the process's case officers and elected members can read the draft."),
    ),
    NOT_A_DIALOGUE,
)
