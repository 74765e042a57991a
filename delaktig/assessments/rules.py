"""Permissions on assessments. The object is the budget round or one of its proposals.

Officials may assess during the assessment phase and, to start early, during the proposal
phase. Publishing is for the assessment phase only, once proposals can no longer change.
`user.has_perm()` applies the phase rules to administrators too (accounts.User.has_perm).
"""

from django.utils.translation import gettext_lazy as _

from delaktig.core.permissions import declare, need
from delaktig.processes.rules import NEEDS_OFFICIAL, NEEDS_ROUND_OFFICIAL, phase_allows

from .component import ASSESS_PROPOSALS, PUBLISH_ASSESSMENTS

MAY_ASSESS_NOW = need(
    phase_allows(ASSESS_PROPOSALS),
    _("Proposals can be assessed during the proposal and assessment phases."),
)

declare("assessments.view_assessment_queue", NEEDS_OFFICIAL, NEEDS_ROUND_OFFICIAL)
declare("assessments.assess_proposal", NEEDS_OFFICIAL, NEEDS_ROUND_OFFICIAL, MAY_ASSESS_NOW)
declare(
    "assessments.publish_assessments",
    NEEDS_OFFICIAL,
    NEEDS_ROUND_OFFICIAL,
    need(
        phase_allows(PUBLISH_ASSESSMENTS),
        _("Assessments can be published during the assessment phase."),
    ),
)
