"""Permissions on the roll (census, invitation lists), and predicates other apps can use."""

import rules

from delaktig.processes.rules import is_round_official

from .checks import why_not_eligible
from .services.code_use import INVITED_DOMAIN


@rules.predicate
def is_code_voter(user):
    """An account made for voting with a code: may vote, and nothing else (not propose, support
    or comment under the name from the invitation list). Known by its invitation, or, once the
    invitation is gone, by the placeholder address it was made with (`code_use._new_voter`)."""
    if not (user and user.is_authenticated):
        return False
    return user.email.lower().endswith(f"@{INVITED_DOMAIN}") or user.invitations.exists()


@rules.predicate
def on_roll_for_box(user, box):
    """`why_not_eligible` says yes for the box's round and area (for `voting.cast_ballot`)."""
    area = box.area if getattr(box, "area_id", None) else None
    return why_not_eligible(user, box.budget_round, area=area) is None


rules.add_perm("eligibility.manage_roll", is_round_official)
