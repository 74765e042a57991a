"""Permissions of the council report and the reach pages (core.permissions: declared once).

Readers are the round's case officers and the elected members (förtroendevalda); only case
officers of the round make and publish a report. No permission that writes is built from
`is_elected_member`: an elected member reads, and changes nothing."""

import rules
from django.utils.translation import gettext_lazy as _

from delaktig.accounts.rules import is_elected_member, is_official
from delaktig.core.permissions import any_of, declare, need
from delaktig.processes.rules import (
    NEEDS_OFFICIAL,
    NEEDS_ROUND_OFFICIAL,
    NOT_PUBLISHED,
    is_round_official,
    round_is_published,
)


@rules.predicate
def holds_a_vote(user, budget_round):
    return budget_round is not None and budget_round.holds("voting")


@rules.predicate
def has_published_result(user, budget_round):
    return budget_round is not None and budget_round.result_published_at is not None


NOT_A_VOTE = need(holds_a_vote, _("Only a budget round with a vote has a council report."))
ONLY_READERS = _("Only the round's case officers and the elected members can read this.")
READERS = any_of(
    need(is_round_official, ONLY_READERS),
    need(is_elected_member, ONLY_READERS),
    message=ONLY_READERS,
)
NO_RESULT = _(
    "The round has no published result yet, so there is nothing to report. "
    "Publish the result first; then the report can be made."
)

declare(
    "council.view_start",
    any_of(
        need(is_elected_member, _("This page is for elected members and case officers.")),
        need(is_official, _("This page is for elected members and case officers.")),
        message=_("This page is for elected members and case officers."),
    ),
)
declare("council.read", READERS, NOT_A_VOTE)
declare(
    "council.make_report",
    NEEDS_OFFICIAL,
    NEEDS_ROUND_OFFICIAL,
    NOT_A_VOTE,
    need(has_published_result, NO_RESULT),
)
declare("council.publish_report", NEEDS_OFFICIAL, NEEDS_ROUND_OFFICIAL, NOT_A_VOTE)
declare("council.view_published_report", need(round_is_published, NOT_PUBLISHED), NOT_A_VOTE)
