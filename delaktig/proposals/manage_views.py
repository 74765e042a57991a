"""Moderators' pages: proposals waiting to be published, and the queue of reported content:
publish, hide with a public reason, or dismiss."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from delaktig.core.confirm import confirmation, confirmed
from delaktig.core.errors import FORM_ERRORS, Conflict, DomainError
from delaktig.processes.queries import get_round_for

from . import services
from .forms import HideForm
from .models import Proposal, ProposalStatus, Report


def _round_for_moderator(request, slug):
    budget_round = get_round_for(request.user, slug, "proposals.moderate")
    return budget_round


def _open_reports(budget_round):
    return (
        Report.objects.open()
        .in_round(budget_round)
        .select_related(
            "proposal__budget_round",
            "comment__proposal__budget_round",
            "comment__author",
            "proposal__author",
            "reporter",
            "target_type",
        )
        .prefetch_related("target")
        .order_by("created_at", "pk")
    )


def _pending(budget_round):
    return (
        Proposal.objects.in_round(budget_round)
        .filter(status=ProposalStatus.PENDING)
        .select_related("area", "category")
        .order_by("created_at", "pk")
    )


def _render_queue(request, budget_round, failed=None, status=200):
    """The moderation queue: proposals waiting to be published (youth rounds, sent in with a
    voting code), then reported content. `failed`: (item, form) of a refused hide."""
    reports = list(_open_reports(budget_round))
    for report in reports:
        report.content = report.reported_content()
        if failed is not None and failed[0] == report:
            report.hide_form = failed[1]
        else:
            report.hide_form = HideForm(prefix=f"report-{report.pk}")
    pending = list(_pending(budget_round))
    for proposal in pending:
        if failed is not None and failed[0] == proposal:
            proposal.hide_form = failed[1]
        else:
            proposal.hide_form = HideForm(prefix=f"pending-{proposal.pk}")
    return render(
        request,
        "proposals/manage/report_list.html",
        {"round": budget_round, "reports": reports, "pending": pending},
        status=status,
    )


@login_required
def report_queue(request, slug):
    budget_round = _round_for_moderator(request, slug)
    return _render_queue(request, budget_round)


def _open_report(budget_round, pk) -> Report:
    return get_object_or_404(Report.objects.in_round(budget_round), pk=pk)


def _breadcrumbs(budget_round, queue):
    return [
        (_("Manage"), reverse("processes_manage:dashboard")),
        (budget_round.name, budget_round.get_absolute_url()),
        (_("Moderation"), queue),
    ]


def _confirm_hide(request, budget_round, *, what, title, reason, field, proposal_has_image=False):
    """Check before hiding: what is hidden, the reason everyone will read instead, and that
    hiding cannot be undone here."""
    queue = reverse("proposals_manage:moderation", kwargs={"slug": budget_round.slug})
    consequences = [
        _("Everyone sees the reason below instead of the text."),
        _("Open reports of it are closed as handled."),
    ]
    if proposal_has_image:
        consequences.append(_("The proposal's image is deleted."))
    consequences.append(_("You cannot show it again from here."))
    return confirmation(
        request,
        title=_("Hide this content?"),
        breadcrumbs=_breadcrumbs(budget_round, queue),
        rows=[(_("What is hidden"), f"{what}: {title}"), (_("Reason shown instead"), reason)],
        consequences=consequences,
        hidden={field: reason},
        button=_("Yes, hide it"),
        danger=True,
        cancel=queue,
    )


@login_required
def report_hide(request, slug, pk):
    budget_round = _round_for_moderator(request, slug)
    report = _open_report(budget_round, pk)
    if request.method != "POST":
        return redirect("proposals_manage:moderation", slug=budget_round.slug)
    form = HideForm(request.POST, prefix=f"report-{report.pk}")
    if form.is_valid() and not confirmed(request):
        content = report.reported_content()
        return _confirm_hide(
            request,
            budget_round,
            what=content.label,
            title=content.title,
            reason=form.cleaned_data["reason"],
            field=form.add_prefix("reason"),
            proposal_has_image=bool(
                report.proposal_id and not report.comment_id and report.proposal.image
            ),
        )
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


def _pending_proposal(budget_round, pk) -> Proposal:
    return get_object_or_404(_pending(budget_round), pk=pk)


@login_required
def pending_publish(request, slug, pk):
    """Check before publishing (core/confirm.py): a GET, or a POST without `confirm=yes`, shows
    what will happen; only the confirmation page's button publishes."""
    budget_round = _round_for_moderator(request, slug)
    proposal = _pending_proposal(budget_round, pk)
    queue = reverse("proposals_manage:moderation", kwargs={"slug": budget_round.slug})
    if not confirmed(request):
        return confirmation(
            request,
            title=_("Publish this proposal?"),
            breadcrumbs=_breadcrumbs(budget_round, queue),
            rows=[
                (_("Proposal"), proposal.title),
                (_("Area"), proposal.area.name if proposal.area_id else _("The whole round")),
            ],
            consequences=[
                _("Everyone can read the proposal in the round's list of proposals."),
                _(
                    "The author's name is not shown: it says that a participant with a voting code "
                    "wrote it."
                ),
                _("It can be assessed and, if it is feasible, put on the ballot."),
                _("To take it down later, report it and hide it with a reason."),
            ],
            button=_("Yes, publish it"),
            cancel=queue,
        )
    try:
        services.publish_pending(by=request.user, proposal=proposal)
    except Conflict as error:
        messages.warning(request, error.message)
    else:
        messages.success(request, _("The proposal is published."))
    return redirect("proposals_manage:moderation", slug=budget_round.slug)


@login_required
def pending_hide(request, slug, pk):
    budget_round = _round_for_moderator(request, slug)
    proposal = _pending_proposal(budget_round, pk)
    if request.method != "POST":
        return redirect("proposals_manage:moderation", slug=budget_round.slug)
    form = HideForm(request.POST, prefix=f"pending-{proposal.pk}")
    if form.is_valid() and not confirmed(request):
        return _confirm_hide(
            request,
            budget_round,
            what=_("Proposal"),
            title=proposal.title,
            reason=form.cleaned_data["reason"],
            field=form.add_prefix("reason"),
            proposal_has_image=bool(proposal.image),
        )
    if form.is_valid():
        try:
            services.hide_proposal(
                by=request.user, proposal=proposal, reason=form.cleaned_data["reason"]
            )
        except FORM_ERRORS as error:
            form.add_error("reason", error.message)
        else:
            messages.success(request, _("The proposal is not published; the reason is shown."))
            return redirect("proposals_manage:moderation", slug=budget_round.slug)
    return _render_queue(request, budget_round, failed=(proposal, form), status=400)


@login_required
def report_dismiss(request, slug, pk):
    """Check before dismissing (core/confirm.py): the content stays as it is and the report is
    closed; only the confirmation page's button does it."""
    budget_round = _round_for_moderator(request, slug)
    report = _open_report(budget_round, pk)
    queue = reverse("proposals_manage:moderation", kwargs={"slug": budget_round.slug})
    if not confirmed(request):
        if report.resolved_at is not None:
            messages.warning(request, _("This report has already been handled."))
            return redirect("proposals_manage:moderation", slug=budget_round.slug)
        content = report.reported_content()
        return confirmation(
            request,
            title=_("Dismiss this report?"),
            breadcrumbs=_breadcrumbs(budget_round, queue),
            rows=[
                (_("What was reported"), f"{content.label}: {content.title}"),
                (_("What the reporter wrote"), report.reason),
            ],
            consequences=[
                _("The content stays visible to everyone, unchanged."),
                _("The report is closed as handled and leaves the queue."),
                _("The reporter is not told, and the author does not learn who reported it."),
            ],
            button=_("Yes, dismiss the report"),
            cancel=queue,
        )
    try:
        services.dismiss_report(by=request.user, report=report)
    except Conflict as error:
        messages.warning(request, error.message)
    else:
        messages.success(request, _("The report is dismissed. The content stays visible."))
    return redirect("proposals_manage:moderation", slug=budget_round.slug)
