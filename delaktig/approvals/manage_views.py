"""Officials' pages: the requests of a round waiting for a second official, and one request
with its "check before you approve" summary."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from delaktig.core.errors import DomainError
from delaktig.processes.queries import get_round_for

from . import services
from .models import Approval
from .registry import step_for

PERM = "approvals.view_approvals"


def _round(request, slug):
    budget_round = get_round_for(request.user, slug, PERM)
    return budget_round


@login_required
def approval_list(request, slug):
    budget_round = _round(request, slug)
    approvals = list(
        Approval.objects.filter(budget_round=budget_round).select_related(
            "requested_by", "decided_by"
        )[:200]
    )
    for approval in approvals:
        approval.description = services.describe(approval)
    return render(
        request,
        "approvals/approval_list.html",
        {
            "round": budget_round,
            "pending": [a for a in approvals if a.is_pending],
            "decided": [a for a in approvals if not a.is_pending],
        },
    )


@login_required
def approval_detail(request, slug, pk):
    budget_round = _round(request, slug)
    approval = get_object_or_404(
        Approval.objects.select_related("requested_by", "decided_by"),
        pk=pk,
        budget_round=budget_round,
    )
    context = {
        "round": budget_round,
        "approval": approval,
        "description": services.describe(approval),
        "own": approval.requested_by_id == request.user.pk,
    }
    if approval.status == "approved":
        where = step_for(approval.action).where
        context["next_url"] = where(approval) if where else None
    return render(request, "approvals/approval_detail.html", context)


@login_required
@require_POST
def approval_decide(request, slug, pk):
    budget_round = _round(request, slug)
    approval = get_object_or_404(Approval, pk=pk, budget_round=budget_round)
    try:
        if request.POST.get("decision") == "approve":
            services.approve(by=request.user, approval=approval)
            messages.success(request, _("Approved. The step has been carried out."))
        else:
            approval = services.decline(by=request.user, approval=approval)
            messages.success(
                request,
                _("The request is withdrawn.")
                if approval.status == "withdrawn"
                else _("The request is declined. Nothing was changed."),
            )
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("approvals_manage:detail", slug=slug, pk=pk)
