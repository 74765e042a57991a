"""The assessment phase (processes.phases registry). Officials may start assessing while
proposals still come in; publishing waits for the assessment phase, when proposals can no
longer change."""

from django.utils.translation import gettext_lazy as _

from delaktig.processes.components import Component, register_component
from delaktig.processes.phases import COMMENT, PhaseKind, allow, register_phase_kind
from delaktig.proposals.component import MERGE_PROPOSALS, PROPOSE

ASSESS = "assess"

ASSESS_PROPOSALS = "assess_proposals"
PUBLISH_ASSESSMENTS = "publish_assessments"

register_phase_kind(
    PhaseKind(
        ASSESS,
        _("Assessment"),
        order=30,
        what_you_can_do=_(
            "Case officers are assessing the proposals. You can read them and follow the "
            "assessment."
        ),
        action=_("Read the proposals"),
        action_url="proposals:list",
    )
)
allow(ASSESS_PROPOSALS, PROPOSE, ASSESS)
allow(PUBLISH_ASSESSMENTS, ASSESS)
allow(MERGE_PROPOSALS, ASSESS)  # merging duplicates is part of the assessment
allow(COMMENT, ASSESS)

register_component(
    Component(
        "assessments",
        _("Assessment"),
        phase_kinds=(ASSESS,),
        tab=(_("Assessments"), "assessments:list", "assessments"),
    )
)
