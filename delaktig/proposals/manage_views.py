"""Moderators' pages: the queue of reported content, hide with a public reason or dismiss."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from delaktig.core.errors import Conflict, DomainError
from delaktig.processes.queries import get_round_for

from . import services
from .forms import HideForm
from .models import Report


def _round_for_moderator(request, slug):
    budget_round = get_round_for(request.user, slug, "proposals.moderate")
    return budget_round


def _open_reports(budget_round):
    return (
        Report.objects.open()
        .in_round(budget_round)
        .select_related("proposal", "comment", "comment__author", "proposal__author", "reporter")
        .order_by("created_at", "pk")
    )


def _render_queue(request, budget_round, failed=None, status=200):
    reports = list(_open_reports(budget_round))
    for report in reports:
        if failed is not None and report.pk == failed[0].pk:
            report.hide_form = failed[1]
        else:
            report.hide_form = HideForm(prefix=f"report-{report.pk}")
    return render(
        request,
        "proposals/manage/report_list.html",
        {"round": budget_round, "reports": reports},
        status=status,
    )


@login_required
def report_queue(request, slug):
    budget_round = _round_for_moderator(request, slug)
    return _render_queue(request, budget_round)


def _open_report(budget_round, pk) -> Report:
    return get_object_or_404(Report.objects.in_round(budget_round), pk=pk)


@require_POST
@login_required
def report_hide(request, slug, pk):
    budget_round = _round_for_moderator(request, slug)
    report = _open_report(budget_round, pk)
    form = HideForm(request.POST, prefix=f"report-{report.pk}")
    if form.is_valid():
        try:
            services.hide_reported(
                by=request.user, report=report, reason=form.cleaned_data["reason"]
            )
        except Conflict as error:
            messages.warning(request, error.message)
            return redirect("proposals_manage:moderation", slug=budget_round.slug)
        except DomainError as error:
            form.add_error("reason", error.message)
        else:
            messages.success(request, _("The content is hidden and the reason is shown instead."))
            return redirect("proposals_manage:moderation", slug=budget_round.slug)
    return _render_queue(request, budget_round, failed=(report, form), status=400)


@require_POST
@login_required
def report_dismiss(request, slug, pk):
    budget_round = _round_for_moderator(request, slug)
    report = _open_report(budget_round, pk)
    try:
        services.dismiss_report(by=request.user, report=report)
    except Conflict as error:
        messages.warning(request, error.message)
    else:
        messages.success(request, _("The report is dismissed. The content stays visible."))
    return redirect("proposals_manage:moderation", slug=budget_round.slug)
