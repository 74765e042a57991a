"""Permissions on budget rounds, built from role and phase predicates."""

import rules

from delaktig.accounts.rules import is_administrator, is_official, is_signed_in

from .models import Eligibility
from .phases import Capability


def phase_allows(capability: Capability):
    """Predicate: the round (the object, or the object's round) is in a phase that allows it."""

    @rules.predicate(name=f"phase_allows_{capability}")
    def predicate(user, obj):
        budget_round = getattr(obj, "budget_round", obj)
        return budget_round is not None and budget_round.allows(capability)

    return predicate


@rules.predicate
def is_eligible(user, obj):
    """The user belongs to the people the round is for (unit, residents or everyone)."""
    budget_round = getattr(obj, "budget_round", obj)
    if budget_round is None or not user.is_authenticated:
        return False
    if budget_round.eligibility == Eligibility.UNIT:
        return user.units.filter(pk=budget_round.unit_id).exists()
    if budget_round.eligibility == Eligibility.RESIDENTS:
        return (
            budget_round.areas.filter(district_id=user.district_id).exists()
            if user.district_id
            else False
        )
    return True


@rules.predicate
def round_is_published(user, obj):
    budget_round = getattr(obj, "budget_round", obj)
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
    budget_round = getattr(obj, "budget_round", obj)
    if budget_round is None:
        return True
    assigned = budget_round.official_ids()
    return not assigned or user.pk in assigned


rules.add_perm("processes.view_budgetround", round_is_published | is_official)
rules.add_perm("processes.add_budgetround", is_official)
rules.add_perm("processes.change_budgetround", is_round_official)
rules.add_perm("processes.assign_officials", is_administrator)
rules.add_perm("processes.take_part", is_signed_in & round_is_published & is_eligible)
