"""Permissions on the roll, and the eligibility checks other apps build their permissions on.

`why_not_eligible` (checks.py) is the one eligibility question: proposing, supporting, voting
and answering all ask it, through `ELIGIBLE` below or `eligible_in_area`.
"""

import rules
from django.utils.translation import gettext_lazy as _

from delaktig.accounts.rules import is_signed_in
from delaktig.core.permissions import declare, need, reason
from delaktig.processes.rules import (
    NEEDS_OFFICIAL,
    NEEDS_ROUND_OFFICIAL,
    NOT_PUBLISHED,
    round_is_published,
    round_of,
)

from .checks import settings_for, why_not_eligible
from .services.code_use import INVITED_DOMAIN


@rules.predicate
def is_code_voter(user):
    """An account made for voting with a code: may vote, and nothing else (not propose, support
    or comment under the name from the invitation list). Known by its invitation, or, once the
    invitation is gone, by the placeholder address it was made with (`code_use._new_voter`)."""
    if not (user and user.is_authenticated):
        return False
    return user.email.lower().endswith(f"@{INVITED_DOMAIN}") or user.invitations.exists()


def _eligible(user, obj):
    """The eligibility question for the object's round, in the area of the object if it has
    one (a ballot box of an area, a proposal of an area)."""
    area = obj.area if getattr(obj, "area_id", None) else None
    return why_not_eligible(user, round_of(obj), area=area)


def _eligible_in_round(user, obj):
    return why_not_eligible(user, round_of(obj))


ELIGIBLE = reason(_eligible_in_round)  # among the round's people (any area)
ELIGIBLE_IN_AREA = reason(_eligible)  # among the people of the object's area
CODE_VOTER_REASON = _(
    "You signed in with a voting code. With it you can vote, but not comment, support "
    "or send in proposals."
)
NOT_A_CODE_VOTER = need(~is_code_voter, CODE_VOTER_REASON)


@rules.predicate
def codes_may_propose(user, obj):
    """The round lets people with a voting code send in proposals (youth rounds)."""
    settings = settings_for(round_of(obj)) if obj is not None else None
    return bool(settings and settings.codes_may_propose)


# Proposing: a code voter only where the round allows it (then a moderator checks first).
MAY_PROPOSE_WITH_ACCOUNT_OR_CODE = need(~is_code_voter | codes_may_propose, CODE_VOTER_REASON)


declare("eligibility.manage_roll", NEEDS_OFFICIAL, NEEDS_ROUND_OFFICIAL)
declare(
    "eligibility.take_part",
    need(is_signed_in, _("Sign in to take part.")),
    need(round_is_published, NOT_PUBLISHED),
    ELIGIBLE,
)
