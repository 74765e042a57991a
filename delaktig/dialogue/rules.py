"""Permissions on the dialogue report (core.permissions: each declared once, with reasons)."""

import rules
from django.utils.translation import gettext_lazy as _

from delaktig.core.permissions import declare, need
from delaktig.processes.rules import (
    NEEDS_OFFICIAL,
    NEEDS_ROUND_OFFICIAL,
    NOT_PUBLISHED,
    round_is_published,
)


@rules.predicate
def holds_a_report(user, process):
    return process is not None and process.holds("dialogue_report")


NOT_A_DIALOGUE = need(holds_a_report, _("Only a dialogue has a dialogue report."))

declare("dialogue.view_report", NOT_A_DIALOGUE, need(round_is_published, NOT_PUBLISHED))
declare("dialogue.compose_report", NEEDS_OFFICIAL, NEEDS_ROUND_OFFICIAL, NOT_A_DIALOGUE)
