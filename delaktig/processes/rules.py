"""Permissions on budget rounds (core.permissions: each declared once, with its reasons).

Predicates here are the shared questions about a round that other apps build on: is it
published, does its current phase allow something, is this person one of its case officers.
"""

import rules
from django.utils.translation import gettext_lazy as _

from delaktig.accounts.rules import is_administrator, is_official, is_staff_member
from delaktig.core.permissions import any_of, declare, need


def round_of(obj):
    """The round an object belongs to (the object itself when it is a round)."""
    return getattr(obj, "budget_round", obj)


def phase_allows(capability: str):
    """Predicate: the round (the object, or the object's round) is in a phase that allows it."""

    @rules.predicate(name=f"phase_allows_{capability}")
    def predicate(user, obj):
        budget_round = round_of(obj)
        return budget_round is not None and budget_round.allows(capability)

    return predicate


@rules.predicate
def round_is_published(user, obj):
    budget_round = round_of(obj)
    return budget_round is not None and budget_round.is_published


@rules.predicate
def is_round_official(user, obj):
    """A case officer who may act on this round (the object, or the object's round): one the
    administrators assigned to it, any case officer while nobody is, or an administrator.
    Without an object (lists, creating a round): any case officer. Issue 9: an official acts
    only on the rounds they are assigned to."""
    if not is_official(user):
        return False
    if user.is_superuser or obj is None:
        return True
    budget_round = round_of(obj)
    if budget_round is None:
        return True
    assigned = budget_round.official_ids()
    return not assigned or user.pk in assigned


# The checks most manage permissions start with, in the order a person needs to hear them.
NEEDS_OFFICIAL = need(is_official, _("Only case officers can do this."))
NEEDS_ROUND_OFFICIAL = need(
    is_round_official,
    _("You are not a case officer of this round. An administrator can add you."),
)
NOT_PUBLISHED = _("This budget round is not published.")

declare(
    "processes.view_budgetround",
    any_of(
        need(round_is_published, NOT_PUBLISHED),
        need(is_official, NOT_PUBLISHED),
        message=NOT_PUBLISHED,
    ),
)
declare("processes.add_budgetround", need(is_official, _("Only case officers can create rounds.")))
declare(
    "processes.change_budgetround",
    need(is_official, _("Only case officers can set up rounds.")),
    NEEDS_ROUND_OFFICIAL,
)
declare(
    "processes.assign_officials",
    need(is_administrator, _("Only administrators can choose the case officers of a round.")),
)
declare(
    "processes.enter_manage",
    need(is_staff_member, _("Only case officers and moderators can manage rounds.")),
)
