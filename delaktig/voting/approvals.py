"""The vote's four-eyes step: closing voting before its planned end ("Stäng nu", issue 11).

Issue 9 lets one official only move the end of voting later, so that nobody can close early
to look at an interim count. Closing early is sometimes needed (a mistake in the ballot, a
decision by the board); it then takes a second case officer, and it is final."""

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from delaktig.approvals.registry import Step, register
from delaktig.approvals.services import requester
from delaktig.processes import services as processes

from .rules import voting_closes_at

CLOSE_NOW = "voting.close_now"


def _run(*, by, approval) -> dict:
    phase = processes.close_binding_phase_now(
        by=requester(approval), budget_round=approval.budget_round, approved_by=by
    )
    return {"closed_at": phase.ends_at.isoformat()}


def _describe(approval) -> str:
    planned = voting_closes_at(approval.budget_round)
    when = (
        formats.date_format(timezone.localtime(planned), "j F Y H:i")
        if planned
        else _("until further notice")
    )
    return _(
        "Close voting now, when you approve, instead of at its planned end (%(end)s). Nobody "
        "can vote or change their vote after that, and voting cannot be opened again."
    ) % {"end": when}


def _where(approval):
    return reverse("processes_manage:schedule_edit", kwargs={"slug": approval.budget_round.slug})


register(
    Step(
        action=CLOSE_NOW,
        run=_run,
        describe=_describe,
        permission="processes.change_budgetround",
        where=_where,
    )
)
