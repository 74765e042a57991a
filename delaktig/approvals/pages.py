"""For other apps' pages: ask a second official to approve a step (four-eyes)."""

from django.contrib import messages
from django.shortcuts import redirect

from delaktig.core.errors import DomainError

from . import services


def ask_second_official(request, *, budget_round, action, params, saved: str, back: str):
    """For a page of another app: ask for `action` with the reason the official typed, then
    go to the request's page, or back to `back` with the error."""
    try:
        approval = services.request_approval(
            by=request.user,
            budget_round=budget_round,
            action=action,
            params=params,
            reason=request.POST.get("reason", ""),
        )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(back)
    messages.success(request, saved)
    return redirect("approvals_manage:detail", slug=budget_round.slug, pk=approval.pk)
