"""Case officers' ballot and result work on the start page under "Hantera"
(processes.worklist): a round that has no ballot box yet, and a result ready to count or
publish."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from delaktig.processes.worklist import Task
from delaktig.voting import queries as voting_queries

from .models import TallyRun


def result_tasks(user, budget_round) -> list[Task]:
    if not budget_round.holds("voting") or budget_round.result_published_at:
        return []
    slug = {"slug": budget_round.slug}
    boxes = voting_queries.boxes_for_round(budget_round)
    tasks = []
    if not boxes and user.has_perm("voting.manage_ballotbox", budget_round):
        tasks.append(Task(_("No ballot box yet"), reverse("voting_manage:index", kwargs=slug), 13))
    if boxes and user.has_perm("results.publish", budget_round):
        counted = set(
            TallyRun.objects.filter(box__in=boxes).values_list("box_id", flat=True).distinct()
        )
        uncounted = sum(1 for b in boxes if b.pk not in counted)
        if uncounted:
            text = ngettext(
                "%(count)d ballot box waits to be counted",
                "%(count)d ballot boxes wait to be counted",
                uncounted,
            ) % {"count": uncounted}
            tasks.append(Task(text, reverse("results_manage:overview", kwargs=slug), 40))
        else:
            tasks.append(
                Task(
                    _("The result is counted and ready to publish"),
                    reverse("results_manage:publish", kwargs=slug),
                    41,
                )
            )
    return tasks
