"""Who may enter paper ballots, when, and whether a person may vote on paper.

Kept apart from the app's `rules.py` (imported by `VotingConfig.ready`) so that
`why_cannot_vote` stays the one answer for online voting.

When paper ballots may be entered: from the moment voting opens until the result is
published. The voting phase alone is too short: ballots cast at a station on the last evening
are typed in the days after, during the result phase, before anyone publishes a count. Once
the result is published, a new ballot would change a published count, so entry stops.
"""

import rules
from django.utils.translation import gettext as _

from delaktig.processes.phases import Capability
from delaktig.processes.rules import is_round_official

from ..rules import voting_has_opened, why_cannot_vote


def _round(obj):
    return getattr(obj, "budget_round", obj)


def paper_entry_open(budget_round, at=None) -> bool:
    """Paper ballots may be entered from voting opens until the result is published."""
    return (
        budget_round.is_published
        and voting_has_opened(budget_round, at)
        and budget_round.result_published_at is None
    )


@rules.predicate
def paper_window(user, obj):
    return obj is not None and paper_entry_open(_round(obj))


rules.add_perm("voting.enter_paper_ballot", is_round_official & paper_window)


def why_paper_entry_closed(budget_round) -> str | None:
    """Why no paper ballot can be entered in this round now, or None."""
    if not budget_round.is_published:
        return _("This budget round is not published.")
    if not voting_has_opened(budget_round):
        return _("Paper ballots can be entered once voting has opened.")
    if budget_round.result_published_at is not None:
        return _("The result is published. Paper ballots can no longer be entered.")
    return None


def roll_problem(voter, box) -> str | None:
    """The checks against the roll without the phase: is this person among those who may vote
    in this box (round rule, census or invitation list, area, age)? The same check that
    `why_cannot_vote` makes once the phase allows voting."""
    from delaktig.eligibility.checks import why_not_eligible  # as in rules.why_cannot_vote

    return why_not_eligible(voter, box.budget_round, area=box.area if box.area_id else None)


def why_cannot_vote_on_paper(voter, box) -> str | None:
    """Why `voter` may not vote on paper in `box`, or None.

    While voting is open this is exactly the online answer (`why_cannot_vote`, with every
    eligibility check it makes). After voting has closed, ballots cast at a station before the
    close may still be entered, so only the checks against the roll apply.
    """
    if voter is None or not voter.is_active:
        return _("No one who may vote was found with that identifier.")
    budget_round = box.budget_round
    if budget_round.allows(Capability.CAST_BALLOT):
        reason = why_cannot_vote(voter, box)
    else:
        reason = roll_problem(voter, box)
    if reason is None:
        return None
    return _("This person cannot vote here. %(reason)s") % {"reason": reason}
