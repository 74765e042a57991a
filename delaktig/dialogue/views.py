"""The published dialogue report, its earlier versions and its PDF, and "Ni sa – vi gjorde"."""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.safestring import mark_safe

from delaktig.core.permissions import require
from delaktig.processes.queries import get_round_for

from .models import Feedback, Report


def _published(request, slug):
    process = get_round_for(request.user, slug)
    require("dialogue.view_report", request.user, process)
    report = Report.objects.filter(process=process).first()
    versions = list(report.versions.all()) if report else []
    return process, versions


def _page(request, process, versions, shown):
    feedback = Feedback.objects.filter(process=process, published_at__isnull=False).first()
    return render(
        request,
        "dialogue/report.html",
        {
            "round": process,
            "versions": versions,
            "shown": shown,
            # Frozen at publishing from sanitised Markdown and our own templates.
            "html": mark_safe(shown.html) if shown else "",  # noqa: S308
            "is_latest": bool(shown) and shown == versions[0],
            "feedback": feedback,
        },
    )


def report(request, slug):
    process, versions = _published(request, slug)
    return _page(request, process, versions, versions[0] if versions else None)


def version(request, slug, number):
    process, versions = _published(request, slug)
    shown = next((v for v in versions if v.number == number), None)
    if shown is None:
        raise Http404
    return _page(request, process, versions, shown)


def version_pdf(request, slug, number):
    _process, versions = _published(request, slug)
    shown = next((v for v in versions if v.number == number), None)
    if shown is None or not shown.pdf:
        raise Http404
    return FileResponse(
        shown.pdf.open("rb"),
        as_attachment=True,  # the link says "Ladda ned"
        content_type="application/pdf",
        filename=shown.pdf.name.split("/")[-1],
    )
