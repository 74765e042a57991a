"""The council report on the case officers' start page under "Hantera" (processes.worklist):
a round with a published result and no report yet, and a report ready to publish."""

from django.urls import reverse
from django.utils.translation import gettext as _

from delaktig.processes.worklist import Task, register_worklist

from .models import CouncilReport, ReportStatus


def council_tasks(user, budget_round) -> list[Task]:
    if not budget_round.result_published_at or not user.has_perm(
        "council.make_report", budget_round
    ):
        return []
    url = reverse("council:round", kwargs={"slug": budget_round.slug})
    newest = CouncilReport.objects.filter(budget_round=budget_round).order_by("-number").first()
    if newest is None:
        return [Task(_("No council report yet"), url, 60)]
    if newest.status == ReportStatus.READY and newest.published_at is None:
        return [Task(_("The council report is ready to publish"), url, 61)]
    return []


register_worklist(council_tasks)
