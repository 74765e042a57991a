"""Moderators' work on the start page under "Hantera" (processes.worklist)."""

from django.urls import reverse
from django.utils.translation import ngettext

from delaktig.processes.worklist import Task

from .models import Proposal, ProposalStatus, Report


def moderation_tasks(user, budget_round) -> list[Task]:
    if not user.has_perm("proposals.moderate", budget_round):
        return []
    queue = reverse("proposals_manage:moderation", kwargs={"slug": budget_round.slug})
    tasks = []
    reports = Report.objects.open().in_round(budget_round).count()
    if reports:
        text = ngettext(
            "%(count)d report waits to be handled",
            "%(count)d reports wait to be handled",
            reports,
        )
        tasks.append(Task(text % {"count": reports}, queue, 20))
    pending = Proposal.objects.in_round(budget_round).filter(status=ProposalStatus.PENDING).count()
    if pending:
        text = ngettext(
            "%(count)d proposal waits to be published",
            "%(count)d proposals wait to be published",
            pending,
        )
        tasks.append(Task(text % {"count": pending}, queue, 21))
    return tasks
