"""Who may enter paper ballots, when, and whether a person may vote on paper.

Kept apart from `rules.py` (imported by `VotingConfig.ready`), so that `voting.cast_ballot`
stays the one answer for online voting.

When paper ballots may be entered: from the moment voting opens until the result is
published. The voting phase alone is too short: ballots cast at a station on the last evening
are typed in the days after, during the result phase, before anyone publishes a count. Once
the result is published, a new ballot would change a published count, so entry stops.
"""

from django.utils.translation import gettext as _

from delaktig.core.permissions import declare, reason, why_not
from delaktig.processes.rules import NEEDS_OFFICIAL, NEEDS_ROUND_OFFICIAL, round_of

from ..component import CAST_BALLOT
from ..rules import voting_has_opened


def why_paper_entry_closed(budget_round) -> str | None:
    """Why no paper ballot can be entered in this round now, or None."""
    if not budget_round.is_published:
        return _("This budget round is not published.")
    if not voting_has_opened(budget_round):
        return _("Paper ballots can be entered once voting has opened.")
    if budget_round.result_published_at is not None:
        return _("The result is published. Paper ballots can no longer be entered.")
    return None


declare(
    "voting.enter_paper_ballot",
    NEEDS_OFFICIAL,
    NEEDS_ROUND_OFFICIAL,
    reason(lambda user, obj: why_paper_entry_closed(round_of(obj))),
)


def roll_problem(voter, box) -> str | None:
    """The checks against the roll without the phase: is this person among those who may vote
    in this box (round rule, census or invitation list, area, age)? The same check that
    `voting.cast_ballot` makes once the phase allows voting."""
    from delaktig.eligibility.checks import why_not_eligible  # the one eligibility question

    return why_not_eligible(voter, box.budget_round, area=box.area if box.area_id else None)


def why_cannot_vote_on_paper(voter, box) -> str | None:
    """Why `voter` may not vote on paper in `box`, or None.

    While voting is open this is exactly the online answer (`voting.cast_ballot`, with every
    eligibility check it makes). After voting has closed, ballots cast at a station before the
    close may still be entered, so only the checks against the roll apply.
    """
    if voter is None or not voter.is_active:
        return _("No one who may vote was found with that identifier.")
    budget_round = box.budget_round
    if budget_round.allows(CAST_BALLOT):
        sentence = why_not("voting.cast_ballot", voter, box)
    else:
        sentence = roll_problem(voter, box)
    if sentence is None:
        return None
    return _("This person cannot vote here. %(reason)s") % {"reason": sentence}
