"""The writes of the council report: ask for one (the task queue makes it), publish one."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from delaktig.audit.services import record
from delaktig.core.errors import Conflict
from delaktig.core.permissions import require
from delaktig.processes.models import BudgetRound

from .models import IN_THE_MAKING, CouncilReport, ReportStatus

STALE_AFTER = timedelta(minutes=30)


def in_the_making_message() -> str:
    return _("The report is already being made. It is ready in a minute or two.")


def request_report(*, by, budget_round) -> CouncilReport:
    """A new version of the round's council report, made by the task queue. While one is
    waiting or being made, asking again makes no second one (the round's row is locked, and
    a unique constraint refuses a second report in the making on databases without locks)."""
    from .tasks import make_council_report  # the task module imports the PDF machinery

    require("council.make_report", by, budget_round)
    try:
        with transaction.atomic():
            BudgetRound.objects.select_for_update().filter(pk=budget_round.pk).first()
            reports = CouncilReport.objects.filter(budget_round=budget_round)
            # A report a crashed worker left "being made" for longer than any report takes
            # would block the round for ever: it counts as failed.
            reports.filter(
                status__in=IN_THE_MAKING, updated_at__lt=timezone.now() - STALE_AFTER
            ).update(status=ReportStatus.FAILED)
            if reports.filter(status__in=IN_THE_MAKING).exists():
                raise Conflict(in_the_making_message())
            number = (reports.aggregate(n=Max("number"))["n"] or 0) + 1
            report = CouncilReport.objects.create(
                budget_round=budget_round, number=number, requested_by=by
            )
            record(by, "council_report.requested", report, round_id=budget_round.pk)
            transaction.on_commit(lambda: make_council_report.enqueue(report.pk))
    except IntegrityError:
        raise Conflict(in_the_making_message()) from None
    return report


def publish_report(*, by, report: CouncilReport) -> CouncilReport:
    """Let everyone download this version. A published version is not withdrawn; a newer one
    published later takes its place on the round's page."""
    require("council.publish_report", by, report.budget_round)
    with transaction.atomic():
        report = CouncilReport.objects.select_for_update().get(pk=report.pk)
        if report.status != ReportStatus.READY:
            raise Conflict(_("Only a report that is ready can be published."))
        if report.published_at is not None:
            raise Conflict(_("This version of the report is already published."))
        report.published_at = timezone.now()
        report.published_by = by
        report.save(update_fields=["published_at", "published_by", "updated_at"])
        record(by, "council_report.published", report, round_id=report.budget_round_id)
    return report
