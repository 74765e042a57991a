"""Who may change the roll, and when: the checks every roll service starts with."""

from django.utils.translation import gettext as _

from delaktig.core.errors import Conflict, NotAllowed
from delaktig.core.permissions import is_second_official, require


def _require_official(user, budget_round=None):
    require("eligibility.manage_roll", user, budget_round)


def roll_is_frozen(budget_round) -> bool:
    """The census and the invitation list are fixed from the moment voting opens (issue 9):
    nobody may be added or removed while people vote, or after."""
    return budget_round.rules_frozen()


def roll_frozen_message():
    return _(
        "Voting has opened, so the roll is frozen: nobody can be added to or removed from the "
        "census or the invitation list. A person who has lost their code can get a new one."
    )


def _require_roll_open(budget_round):
    if roll_is_frozen(budget_round):
        raise Conflict(roll_frozen_message())


def code_approval_needed(budget_round) -> bool:
    """Once voting has opened, a new code could let whoever holds it vote in a person's name:
    issuing or re-issuing codes then needs a second case officer (four-eyes, issue 9)."""
    return roll_is_frozen(budget_round)


def _require_codes_allowed(by, budget_round, approved_by) -> None:
    if budget_round.binding_phase_closed():
        raise Conflict(_("Voting has closed. No new voting codes can be issued."))
    if code_approval_needed(budget_round) and not is_second_official(
        by=by, approved_by=approved_by, permission="eligibility.manage_roll", obj=budget_round
    ):
        raise NotAllowed(
            _("Voting has opened, so new voting codes need the approval of a second case officer.")
        )


def _require_second_official(by, budget_round, approved_by) -> None:
    """Changing the roll takes two case officers (issue 9): one alone could add people who do
    not exist, print their codes and vote with them."""
    if not is_second_official(
        by=by, approved_by=approved_by, permission="eligibility.manage_roll", obj=budget_round
    ):
        raise NotAllowed(
            _("A change to the roll needs the approval of a second case officer of the round.")
        )
