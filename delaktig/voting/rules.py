"""Who may vote in a ballot box, who may design it, and when vote counts may be seen."""

import rules
from django.utils.translation import gettext as _

from delaktig.accounts.rules import is_signed_in
from delaktig.eligibility.rules import on_roll_for_box
from delaktig.processes.phases import Capability, PhaseKind
from delaktig.processes.rules import is_round_official, phase_allows, round_is_published


def _round(obj):
    return getattr(obj, "budget_round", obj)


def voting_has_opened(budget_round, at=None) -> bool:
    """The ballot design locks from the moment the voting phase starts."""
    return budget_round.has_reached(PhaseKind.VOTE, at)


def voting_has_closed(budget_round, at=None) -> bool:
    return budget_round.voting_has_closed(at)


def voting_closes_at(budget_round):
    phase = budget_round.phase_of_kind(PhaseKind.VOTE)
    return phase.ends_at if phase else None


@rules.predicate
def voting_closed(user, obj):
    return obj is not None and voting_has_closed(_round(obj))


# The roll (unit, residents' area, census, invitation list, age) is the eligibility app's:
# the same check why_cannot_vote gives its reason from.
can_cast = (
    is_signed_in & round_is_published & phase_allows(Capability.CAST_BALLOT) & on_roll_for_box
)

rules.add_perm("voting.cast_ballot", can_cast)
rules.add_perm("voting.manage_ballotbox", is_round_official)
# Nobody sees how many votes a proposal has while voting is open, not even officials.
rules.add_perm("voting.view_vote_counts", voting_closed)


def why_cannot_vote(user, box) -> str | None:
    """A sentence saying why `user` may not vote in `box` now, or None if they may."""
    budget_round = box.budget_round
    if not budget_round.is_published:
        return _("This budget round is not published.")
    # Whether voting is open comes first: "sign in to vote" after the close is no help.
    if not budget_round.allows(Capability.CAST_BALLOT):
        if voting_has_closed(budget_round):
            return _("Voting has closed. You can no longer vote or change your vote.")
        if not voting_has_opened(budget_round):
            return _("Voting has not opened yet. Come back when the voting phase starts.")
        return _("Voting is not open right now.")
    if not user.is_authenticated:
        return _("Sign in to vote.")
    from delaktig.eligibility.checks import why_not_eligible

    # The round's rule (unit, residents' area), or its census / invitation list, and age limits.
    return why_not_eligible(user, budget_round, area=box.area if box.area_id else None)
