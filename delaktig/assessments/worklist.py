"""Case officers' assessment work on the start page under "Hantera" (processes.worklist)."""

from django.urls import reverse
from django.utils.translation import ngettext

from delaktig.processes.worklist import Task

from .queries import proposals_to_assess


def assessment_tasks(user, budget_round) -> list[Task]:
    if not user.has_perm("assessments.view_assessment_queue", budget_round):
        return []
    slug = {"slug": budget_round.slug}
    proposals = list(proposals_to_assess(budget_round))
    tasks = []
    waiting = sum(1 for p in proposals if getattr(p, "assessment", None) is None)
    if waiting and user.has_perm("assessments.assess_proposal", budget_round):
        text = ngettext(
            "%(count)d proposal waits for assessment",
            "%(count)d proposals wait for assessment",
            waiting,
        )
        tasks.append(
            Task(text % {"count": waiting}, reverse("assessments_manage:list", kwargs=slug), 30)
        )
    unpublished = sum(
        1
        for p in proposals
        if getattr(p, "assessment", None) is not None and p.assessment.published_at is None
    )
    if unpublished and user.has_perm("assessments.publish_assessments", budget_round):
        text = ngettext(
            "%(count)d assessment is ready to publish",
            "%(count)d assessments are ready to publish",
            unpublished,
        )
        tasks.append(
            Task(
                text % {"count": unpublished},
                reverse("assessments_manage:publish", kwargs=slug),
                31,
            )
        )
    return tasks
