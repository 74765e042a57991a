"""Permissions on proposals, built from role, ownership and phase predicates.

The object is the budget round for `add_proposal` and `moderate`, else the proposal.
`user.has_perm()` decides them by the predicates alone, administrators included
(accounts.User.has_perm), so nobody skips the phase rules.
"""

import rules

from delaktig.accounts.rules import is_moderator, is_signed_in
from delaktig.eligibility.rules import is_code_voter
from delaktig.processes.phases import Capability
from delaktig.processes.rules import (
    is_eligible,
    is_round_official,
    phase_allows,
    round_is_published,
)

from .models import ProposalStatus


@rules.predicate
def is_author(user, proposal):
    return bool(
        proposal is not None
        and user.is_authenticated
        and proposal.author_id is not None
        and proposal.author_id == user.pk
    )


@rules.predicate
def is_active(user, proposal):
    """The proposal is still in the running (not withdrawn, hidden or merged)."""
    return proposal is not None and proposal.status == ProposalStatus.PUBLISHED


@rules.predicate
def is_not_hidden(user, proposal):
    return proposal is not None and proposal.status != ProposalStatus.HIDDEN


# People signed in with a voting code may vote and nothing else.
takes_part = is_signed_in & round_is_published & is_eligible & ~is_code_voter

rules.add_perm("proposals.add_proposal", takes_part & phase_allows(Capability.SUBMIT_PROPOSAL))
rules.add_perm(
    "proposals.change_proposal",
    is_author & is_active & phase_allows(Capability.EDIT_OWN_PROPOSAL),
)
# Withdrawing is allowed while the author may still edit: later it would change the ballot.
rules.add_perm(
    "proposals.delete_proposal",
    is_author & is_active & phase_allows(Capability.EDIT_OWN_PROPOSAL),
)
# A comment is public under the account's name, which for a code voter is the name from the
# invitation list: they vote, and nothing else (security review, issue 9 finding 15).
rules.add_perm(
    "proposals.comment_proposal",
    is_signed_in & ~is_code_voter & is_active & phase_allows(Capability.COMMENT),
)
rules.add_perm(
    "proposals.support_proposal", takes_part & is_active & phase_allows(Capability.SUPPORT)
)
rules.add_perm("proposals.report_proposal", is_signed_in & is_not_hidden)
rules.add_perm("proposals.moderate", is_moderator)
# Merging duplicates is part of the assessment, which may start during the proposal phase.
rules.add_perm(
    "proposals.merge_proposal",
    is_round_official
    & (phase_allows(Capability.ASSESS) | phase_allows(Capability.SUBMIT_PROPOSAL)),
)
