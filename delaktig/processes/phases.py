"""What each phase of a budget round allows. The one place that says so.

Predicates ask `phase_allows(round, capability)`; views never compare dates.
"""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class PhaseKind(models.TextChoices):
    INFORM = "inform", _("Information")
    PROPOSE = "propose", _("Proposals")
    ASSESS = "assess", _("Assessment")
    VOTE = "vote", _("Voting")
    RESULT = "result", _("Result")
    FOLLOW_UP = "follow_up", _("Follow-up")


PHASE_ORDER = [k.value for k in PhaseKind]


class Capability(StrEnum):
    SUBMIT_PROPOSAL = "submit_proposal"
    EDIT_OWN_PROPOSAL = "edit_own_proposal"
    COMMENT = "comment"
    SUPPORT = "support"
    ASSESS = "assess"
    CAST_BALLOT = "cast_ballot"
    COUNT = "count"
    POST_STATUS_UPDATE = "post_status_update"


ALLOWS: dict[str, frozenset[Capability]] = {
    PhaseKind.INFORM: frozenset({Capability.COMMENT}),
    PhaseKind.PROPOSE: frozenset(
        {
            Capability.SUBMIT_PROPOSAL,
            Capability.EDIT_OWN_PROPOSAL,
            Capability.COMMENT,
            Capability.SUPPORT,
        }
    ),
    PhaseKind.ASSESS: frozenset({Capability.ASSESS, Capability.COMMENT}),
    PhaseKind.VOTE: frozenset({Capability.CAST_BALLOT, Capability.COMMENT}),
    PhaseKind.RESULT: frozenset({Capability.COUNT, Capability.COMMENT}),
    PhaseKind.FOLLOW_UP: frozenset({Capability.COUNT, Capability.POST_STATUS_UPDATE}),
}

# What a visitor can do now, shown on every page of a round.
WHAT_YOU_CAN_DO = {
    PhaseKind.INFORM: _(
        "Read about the round. Proposals can be sent in when the next phase starts."
    ),
    PhaseKind.PROPOSE: _("Send in a proposal, comment on and support other people's proposals."),
    PhaseKind.ASSESS: _(
        "Case officers are assessing the proposals. You can read them and follow the assessment."
    ),
    PhaseKind.VOTE: _(
        "Vote for the proposals you want. You can change your vote until voting closes."
    ),
    PhaseKind.RESULT: _("Read the result: which proposals will be carried out and why."),
    PhaseKind.FOLLOW_UP: _("Follow how the winning proposals are being carried out."),
}
NOT_STARTED_TEXT = _("The round has not started yet.")
ENDED_TEXT = _("The round has ended.")
DRAFT_TEXT = _(
    "This is a draft. Only case officers can see it; residents see it once it is published."
)
BETWEEN_TEXT = _("Nothing is open right now. The next phase has not started yet.")


def allowed(phase_kind: str | None) -> frozenset[Capability]:
    if phase_kind is None:
        return frozenset()
    return ALLOWS.get(phase_kind, frozenset())
