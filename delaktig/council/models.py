"""The council report (rapport till kommunfullmäktige / kommunstyrelsen) of a budget round.

Each "make the report" is a new numbered `CouncilReport`, made into a tagged PDF by the task
queue (tasks.make_council_report). It is read by the round's case officers and the elected
members while it is a draft; publishing it (a confirmation page) lets everyone download it.
`figures` keeps the numbers the PDF was made from, so a page and a test can show the same ones.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from delaktig.core.models import TimeStamped


def private_storage() -> FileSystemStorage:
    """Where the PDFs are kept: outside MEDIA_ROOT, which the web server publishes, because a
    report is a draft until published. Only the views hand a PDF out, after checking who asks."""
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT)


class ReportStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting to be made")
    MAKING = "making", _("Being made")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Could not be made")


IN_THE_MAKING = (ReportStatus.WAITING, ReportStatus.MAKING)


class CouncilReportQuerySet(models.QuerySet):
    def ready(self):
        return self.filter(status=ReportStatus.READY)

    def published(self):
        return self.ready().filter(published_at__isnull=False)


class CouncilReport(TimeStamped):
    budget_round = models.ForeignKey(
        "processes.BudgetRound", on_delete=models.CASCADE, related_name="council_reports"
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.WAITING
    )
    pdf = models.FileField(_("PDF"), upload_to="council/", storage=private_storage, blank=True)
    figures = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    made_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CouncilReportQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("council report")
        verbose_name_plural = _("council reports")
        constraints = [
            models.UniqueConstraint(
                fields=["budget_round", "number"], name="council_report_number_once_per_round"
            ),
            # Two officials pressing "make the report" at once make one report, not two.
            models.UniqueConstraint(
                fields=["budget_round"],
                condition=Q(status__in=["waiting", "making"]),
                name="one_council_report_in_the_making",
            ),
        ]

    def __str__(self):
        return f"{self.budget_round} – {self.number}"

    @property
    def file_name(self) -> str:
        return f"{self.budget_round.slug}-rapport-till-fullmaktige-{self.number}.pdf"
