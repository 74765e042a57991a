"""The result's four-eyes step: publishing while the reconciliation flags something."""

from django.urls import reverse
from django.utils.translation import gettext as _

from delaktig.approvals.registry import Step, register
from delaktig.approvals.services import requester

from . import services

PUBLISH_FLAGGED = "results.publish_flagged"


def _run(*, by, approval) -> dict:
    runs = services.publish_result(
        by=requester(approval), budget_round=approval.budget_round, approved_by=by
    )
    return {"runs": [run.pk for run in runs]}


def _describe(approval) -> str:
    flags = approval.params.get("flags", [])
    return _("Publish the result although the reconciliation shows: %(flags)s") % {
        "flags": " ".join(flags)
    }


def _where(approval):
    return reverse("results:detail", kwargs={"slug": approval.budget_round.slug})


register(
    Step(
        action=PUBLISH_FLAGGED,
        run=_run,
        describe=_describe,
        permission="results.publish",
        where=_where,
    )
)
