"""The result and follow-up phases (processes.phases registry)."""

from django.utils.translation import gettext_lazy as _

from delaktig.processes.components import Component, register_component
from delaktig.processes.phases import COMMENT, PhaseKind, allow, register_phase_kind

RESULT = "result"
FOLLOW_UP = "follow_up"

COUNT = "count"

register_phase_kind(
    PhaseKind(
        RESULT,
        _("Result"),
        order=50,
        what_you_can_do=_("Read the result: which proposals will be carried out and why."),
        action=_("Read the result"),
        action_url="results:detail",
    )
)
register_phase_kind(
    PhaseKind(
        FOLLOW_UP,
        _("Follow-up"),
        order=60,
        what_you_can_do=_("Follow how the winning proposals are being carried out."),
        action=_("Read the result"),
        action_url="results:detail",
    )
)
allow(COUNT, RESULT, FOLLOW_UP)
allow(COMMENT, RESULT)

register_component(
    Component(
        "results",
        _("Result"),
        phase_kinds=(RESULT, FOLLOW_UP),
        tab=(_("Result"), "results:detail", "result"),
    )
)
