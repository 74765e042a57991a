"""Background work of the council report: its PDF (seconds for a large round)."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .contents import contents_for
from .models import CouncilReport, ReportStatus
from .pdf import report_pdf


@task()
def make_council_report(report_id: int) -> bool:
    """Make the PDF of a waiting report. A report already taken by another worker, made, or
    deleted is left alone (a task may run twice)."""
    with transaction.atomic():
        taken = CouncilReport.objects.filter(pk=report_id, status=ReportStatus.WAITING).update(
            status=ReportStatus.MAKING
        )
    if not taken:
        return False
    report = CouncilReport.objects.select_related("budget_round").get(pk=report_id)
    try:
        contents = contents_for(report.budget_round)
        made_at = timezone.now()
        pdf = report_pdf(contents, number=report.number, made_at=made_at)
    except Exception:
        CouncilReport.objects.filter(pk=report_id).update(status=ReportStatus.FAILED)
        raise
    report.pdf.save(report.file_name, ContentFile(pdf), save=False)
    report.figures = contents.numbers()
    report.made_at = made_at
    report.status = ReportStatus.READY
    report.save(update_fields=["pdf", "figures", "made_at", "status", "updated_at"])
    return True
