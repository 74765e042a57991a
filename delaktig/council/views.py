"""The elected members' start page, a round's reach and council report (for its case officers
and the elected members), and the published report for everyone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from delaktig.core.confirm import confirmation, confirmed
from delaktig.core.errors import DomainError
from delaktig.core.permissions import require, why_not
from delaktig.processes.queries import get_round_for

from . import queries, services
from .contents import contents_for
from .models import CouncilReport, ReportStatus
from .reach import reach_for


@login_required
def start(request):
    require("council.view_start", request.user)
    processes = queries.running()
    return render(
        request,
        "council/start.html",
        {
            "running": processes,
            "open_votes": queries.open_votes(processes),
            "council_reports": queries.council_reports_waiting(request.user),
            "dialogue_drafts": queries.dialogue_drafts(request.user),
        },
    )


def _round(request, slug):
    return get_round_for(request.user, slug, "council.read")


def _round_url(slug):
    return reverse("council:round", kwargs={"slug": slug})


@login_required
def round_page(request, slug):
    budget_round = _round(request, slug)
    contents = contents_for(budget_round) if budget_round.result_published_at else None
    reports = queries.reports_of(budget_round)
    return render(
        request,
        "council/round.html",
        {
            "round": budget_round,
            "reach": contents.reach if contents else reach_for(budget_round),
            "contents": contents,
            "reports": reports,
            "making": any(r.status in (ReportStatus.WAITING, ReportStatus.MAKING) for r in reports),
            "cannot_make": why_not("council.make_report", request.user, budget_round),
            "can_publish": request.user.has_perm("council.publish_report", budget_round),
        },
    )


@login_required
@require_POST
def make_report(request, slug):
    budget_round = _round(request, slug)
    try:
        services.request_report(by=request.user, budget_round=budget_round)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "The report is being made. What happens next: in a minute or two it can be "
                "downloaded here. Nobody else sees it until you publish it."
            ),
        )
    return redirect(_round_url(slug))


def _ready(budget_round, number) -> CouncilReport:
    return get_object_or_404(
        CouncilReport.objects.ready().exclude(pdf=""), budget_round=budget_round, number=number
    )


def _pdf_response(report):
    return FileResponse(
        report.pdf.open("rb"),
        as_attachment=True,  # the link says "Ladda ned"
        content_type="application/pdf",
        filename=report.file_name,
    )


@login_required
def download(request, slug, number):
    """Any ready version, for its readers (drafts included)."""
    return _pdf_response(_ready(_round(request, slug), number))


@login_required
def publish(request, slug, number):
    budget_round = _round(request, slug)
    report = _ready(budget_round, number)
    require("council.publish_report", request.user, budget_round)
    if not confirmed(request):
        return confirmation(
            request,
            title=_("Publish the council report?"),
            breadcrumbs=[
                (_("Elected members"), reverse("council:start")),
                (budget_round.name, _round_url(slug)),
            ],
            rows=[
                (_("Version"), str(report.number)),
                (_("Made"), date_format(report.made_at, "j F Y H:i")),
            ],
            consequences=[
                _("Everyone can download the report from the round's page."),
                _("A published version cannot be taken back. A newer version can be published."),
            ],
            button=_("Yes, publish the report"),
            cancel=_round_url(slug),
        )
    try:
        services.publish_report(by=request.user, report=report)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "The report is published. What happens next: everyone can download it from "
                "the round's page."
            ),
        )
    return redirect(_round_url(slug))


def public_download(request, slug):
    """The newest published version, for everyone."""
    budget_round = get_round_for(request.user, slug, "council.view_published_report")
    report = queries.published_report(budget_round)
    if report is None or not report.pdf:
        raise Http404
    return _pdf_response(report)
