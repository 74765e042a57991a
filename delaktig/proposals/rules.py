"""Permissions on proposals, each declared once with its reasons (core.permissions).

The object is the budget round for `add_proposal` and `moderate`, else the proposal.
`user.has_perm()` decides them by the checks alone, administrators included
(accounts.User.has_perm), so nobody skips the phase rules.
"""

import rules
from django.utils.translation import gettext_lazy as _

from delaktig.accounts.rules import is_moderator, is_signed_in
from delaktig.core.permissions import declare, need
from delaktig.eligibility.rules import (
    ELIGIBLE,
    MAY_PROPOSE_WITH_ACCOUNT_OR_CODE,
    NOT_A_CODE_VOTER,
)
from delaktig.processes.phases import COMMENT
from delaktig.processes.rules import (
    NEEDS_OFFICIAL,
    NEEDS_ROUND_OFFICIAL,
    NOT_PUBLISHED,
    phase_allows,
    round_is_published,
)

from .component import EDIT_OWN_PROPOSAL, MERGE_PROPOSALS, SUBMIT_PROPOSAL, SUPPORT
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


# Only the author may change a proposal, while it is in the running and the phase allows it.
# Withdrawing is allowed while the author may still edit: later it would change the ballot.
AUTHOR_MAY_EDIT = (
    need(is_signed_in, _("Sign in to change your proposal.")),
    need(is_author, _("Only the person who wrote the proposal can change it.")),
    need(is_active, _("The proposal can no longer be changed.")),
    need(
        phase_allows(EDIT_OWN_PROPOSAL),
        _("Proposals can only be changed while the proposal phase is running."),
    ),
)

declare(
    "proposals.add_proposal",
    need(round_is_published, NOT_PUBLISHED),
    need(
        phase_allows(SUBMIT_PROPOSAL),
        _("This round is not accepting proposals right now."),
    ),
    need(is_signed_in, _("Sign in to send in a proposal.")),
    MAY_PROPOSE_WITH_ACCOUNT_OR_CODE,
    ELIGIBLE,
)
declare("proposals.change_proposal", *AUTHOR_MAY_EDIT)
declare("proposals.delete_proposal", *AUTHOR_MAY_EDIT)
# A comment is public under the account's name, which for a code voter is the name from the
# invitation list: they vote, and nothing else (security review, issue 9 finding 15).
declare(
    "proposals.comment_proposal",
    need(is_active, _("You cannot comment on this proposal.")),
    need(phase_allows(COMMENT), _("Comments are closed in this phase.")),
    need(is_signed_in, _("Sign in to comment.")),
    NOT_A_CODE_VOTER,
)
declare(
    "proposals.support_proposal",
    need(round_is_published, NOT_PUBLISHED),
    need(is_active, _("You cannot support this proposal.")),
    need(
        phase_allows(SUPPORT),
        _("Proposals can only be supported while the proposal phase is running."),
    ),
    need(is_signed_in, _("Sign in to support proposals.")),
    NOT_A_CODE_VOTER,
    ELIGIBLE,
)
declare(
    "proposals.report_proposal",
    need(is_signed_in, _("Sign in to report content.")),
    need(is_not_hidden, _("You cannot report this proposal.")),
)
declare("proposals.moderate", need(is_moderator, _("Only moderators can handle reported content.")))
# Merging duplicates is part of the assessment, which may start during the proposal phase.
declare(
    "proposals.merge_proposal",
    NEEDS_OFFICIAL,
    NEEDS_ROUND_OFFICIAL,
    need(
        phase_allows(MERGE_PROPOSALS),
        _("Proposals can be merged during the proposal and assessment phases."),
    ),
)
