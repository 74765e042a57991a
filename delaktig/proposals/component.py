"""The proposal phase and what people do in it (processes.phases registry)."""

from django.utils.translation import gettext_lazy as _

from delaktig.processes.components import Component, register_component
from delaktig.processes.phases import COMMENT, PhaseKind, allow, register_phase_kind

PROPOSE = "propose"

SUBMIT_PROPOSAL = "submit_proposal"
EDIT_OWN_PROPOSAL = "edit_own_proposal"
SUPPORT = "support"
MERGE_PROPOSALS = "merge_proposals"  # officials merge duplicates (the assessment app extends it)

register_phase_kind(
    PhaseKind(
        PROPOSE,
        _("Proposals"),
        order=20,
        what_you_can_do=_("Send in a proposal, comment on and support other people's proposals."),
        action=_("Send in a proposal"),
        action_with_date=_("Send in a proposal by %(date)s"),
        action_url="proposals:create",
    )
)
allow(SUBMIT_PROPOSAL, PROPOSE)
allow(EDIT_OWN_PROPOSAL, PROPOSE)
allow(SUPPORT, PROPOSE)
allow(MERGE_PROPOSALS, PROPOSE)
allow(COMMENT, "inform", PROPOSE)

register_component(
    Component(
        "proposals",
        _("Proposals"),
        phase_kinds=(PROPOSE,),
        tab=(_("Proposals"), "proposals:list", "proposals"),
    )
)
