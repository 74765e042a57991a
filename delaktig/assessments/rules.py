"""Permissions on assessments. The object is the budget round or one of its proposals.

Officials may assess during the assessment phase and, to start early, during the proposal
phase. Publishing is for the assessment phase only, once proposals can no longer change.
`user.has_perm()` applies the phase rules to administrators too (accounts.User.has_perm).
"""

import rules

from delaktig.processes.phases import Capability
from delaktig.processes.rules import is_round_official, phase_allows

may_assess_now = phase_allows(Capability.ASSESS) | phase_allows(Capability.SUBMIT_PROPOSAL)

rules.add_perm("assessments.view_assessment_queue", is_round_official)
rules.add_perm("assessments.assess_proposal", is_round_official & may_assess_now)
rules.add_perm(
    "assessments.publish_assessments", is_round_official & phase_allows(Capability.ASSESS)
)
