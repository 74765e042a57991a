"""Permissions on counting and results, each declared once with its reasons."""

import rules
from django.utils.translation import gettext_lazy as _

from delaktig.core.permissions import declare, need
from delaktig.processes.rules import (
    NEEDS_OFFICIAL,
    NEEDS_ROUND_OFFICIAL,
    NOT_PUBLISHED,
    phase_allows,
    round_is_published,
)

from .component import COUNT


@rules.predicate
def result_is_published(user, budget_round):
    return budget_round is not None and budget_round.result_published_at is not None


COUNT_PHASE = need(
    phase_allows(COUNT), _("Votes can be counted once the result phase has started.")
)

declare(
    "results.view_result",
    need(round_is_published, NOT_PUBLISHED),
    need(result_is_published, _("The result has not been published yet.")),
)
declare("results.count", NEEDS_OFFICIAL, NEEDS_ROUND_OFFICIAL, COUNT_PHASE)
declare("results.publish", NEEDS_OFFICIAL, NEEDS_ROUND_OFFICIAL, COUNT_PHASE)
declare("results.manage", NEEDS_OFFICIAL, NEEDS_ROUND_OFFICIAL)
