"""Permissions on the decision, the projects and their updates, each declared once.

- Recording the decision: a case officer of the round, once its result is published (the
  count comes first; the decision follows it).
- Keeping projects up to date: a case officer of the round, once the decision is published.
- Reading the follow-up: anyone who may see the round, once the decision is published.
"""

import rules
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _

from delaktig.core.permissions import declare, need
from delaktig.processes.rules import (
    NEEDS_OFFICIAL,
    NEEDS_ROUND_OFFICIAL,
    NOT_PUBLISHED,
    round_is_published,
    round_of,
)


def decision_of(budget_round):
    """The round's decision (published or not), or None; cached on the round."""
    try:
        return budget_round.decision
    except ObjectDoesNotExist:
        return None


@rules.predicate
def result_is_published(user, obj):
    budget_round = round_of(obj)
    return budget_round is not None and budget_round.result_published_at is not None


@rules.predicate
def decision_is_published(user, obj):
    budget_round = round_of(obj)
    if budget_round is None:
        return False
    decision = decision_of(budget_round)
    return decision is not None and decision.published_at is not None


@rules.predicate
def decision_is_open(user, obj):
    """The decision is not yet published (a published one is part of the public record)."""
    return not decision_is_published(user, obj)


RESULT_FIRST = need(
    result_is_published,
    _("The decision can be recorded once the result of the vote has been published."),
)
DECISION_FIRST = need(
    decision_is_published,
    _("Projects can be kept up to date once the decision has been published."),
)

declare(
    "followup.record_decision",
    NEEDS_OFFICIAL,
    NEEDS_ROUND_OFFICIAL,
    RESULT_FIRST,
    need(decision_is_open, _("The decision has been published and can no longer be changed.")),
)
declare("followup.manage", NEEDS_OFFICIAL, NEEDS_ROUND_OFFICIAL, RESULT_FIRST)
declare("followup.manage_projects", NEEDS_OFFICIAL, NEEDS_ROUND_OFFICIAL, DECISION_FIRST)
declare(
    "followup.view",
    need(round_is_published, NOT_PUBLISHED),
    need(decision_is_published, _("The decision has not been published yet.")),
)
