"""Who may vote in a ballot box, who may design it, and when vote counts may be seen.

Each permission is declared once with its reasons (core.permissions): `why_not("voting.
cast_ballot", user, box)` is the sentence a refused voter reads, and `user.has_perm` asks the
same checks.
"""

import rules
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from delaktig.accounts.rules import is_signed_in
from delaktig.core.permissions import declare, need, reason
from delaktig.eligibility.rules import ELIGIBLE_IN_AREA
from delaktig.processes.rules import (
    NEEDS_OFFICIAL,
    NEEDS_ROUND_OFFICIAL,
    NOT_PUBLISHED,
    round_is_published,
    round_of,
)

from .component import CAST_BALLOT, VOTE


def voting_has_opened(budget_round, at=None) -> bool:
    """The ballot design locks from the moment the voting phase starts."""
    return budget_round.has_reached(VOTE, at)


def voting_has_closed(budget_round, at=None) -> bool:
    """True once the voting phase has ended (or a later phase has begun)."""
    return budget_round.has_ended(VOTE, at)


def voting_closes_at(budget_round):
    phase = budget_round.phase_of_kind(VOTE)
    return phase.ends_at if phase else None


@rules.predicate
def voting_closed(user, obj):
    return obj is not None and voting_has_closed(round_of(obj))


def why_voting_not_open(user, obj) -> str | None:
    """Whether voting is open comes before who is asking: "sign in to vote" after the close
    is no help."""
    budget_round = round_of(obj)
    if budget_round.allows(CAST_BALLOT):
        return None
    if voting_has_closed(budget_round):
        return _("Voting has closed. You can no longer vote or change your vote.")
    if not voting_has_opened(budget_round):
        return _("Voting has not opened yet. Come back when the voting phase starts.")
    return _("Voting is not open right now.")


def ballot_is_empty(box) -> bool:
    """True for a ballot box with no proposals on its ballot (an area where none was feasible).
    Asked of the database once per box object, not at all for the voting pages' boxes."""
    count = getattr(box, "proposal_count", None)  # annotated by queries.boxes_for_round
    if count is None:
        box.proposal_count = count = box.proposals.count()
    return count == 0


def why_nothing_to_vote_on(user, obj) -> str | None:
    """No one votes on an empty ballot: there is nothing to choose, and no result to count
    (issue 11, item 6)."""
    if not hasattr(obj, "proposals") or not hasattr(obj, "area_id"):
        return None  # asked about a round, not a ballot box
    if not ballot_is_empty(obj):
        return None
    return _("There is nothing to vote on here: no proposals are on the ballot.")


# The roll (unit, residents' area, census, invitation list, age) is the eligibility app's
# one question, asked for the box's round and area.
declare(
    "voting.cast_ballot",
    need(round_is_published, NOT_PUBLISHED),
    reason(why_voting_not_open),
    reason(why_nothing_to_vote_on),
    need(is_signed_in, gettext_lazy("Sign in to vote.")),
    ELIGIBLE_IN_AREA,
)
declare("voting.manage_ballotbox", NEEDS_OFFICIAL, NEEDS_ROUND_OFFICIAL)
# Nobody sees how many votes a proposal has while voting is open, not even officials.
declare(
    "voting.view_vote_counts",
    need(voting_closed, gettext_lazy("Vote counts are shown once voting has closed.")),
)
