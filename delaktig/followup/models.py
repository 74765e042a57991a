"""After the count: the political decision, the projects it funds, and what they report.

- `Decision`: the count recommends, a named body decides. Recorded apart from the tally run:
  the date, the body (e.g. kommunstyrelsen), the reference (diarienummer), which proposals it
  funds, and, where that differs from the counted result, the public reason.
- `Project`: a funded proposal being carried out, with a responsible unit and official,
  planned dates, a status (a public reason is required for "delayed" and "cancelled"), money
  budgeted and spent, and optional progress.
- `ProjectUpdate`: a dated progress report with text, photos (re-encoded, no EXIF, alt text
  required) and documents (checked PDFs); drafted, then published.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from delaktig.core.models import TimeStamped


def photo_path(instance, filename: str) -> str:
    """A random name: nothing of the uploader's file name, no address anyone can guess.
    `filename` is the re-encoded file's (image.jpg or image.png): only its suffix is kept."""
    return f"followup/photos/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


def document_path(instance, filename: str) -> str:
    """A random name ending in .pdf (documents are checked PDFs)."""
    return f"followup/documents/{uuid.uuid4().hex}.pdf"


class Decision(TimeStamped):
    budget_round = models.OneToOneField(
        "processes.BudgetRound", on_delete=models.CASCADE, related_name="decision"
    )
    decided_on = models.DateField(_("date of the decision"))
    body = models.CharField(_("decided by"), max_length=150)  # kommunstyrelsen, nämnd…
    reference = models.CharField(_("reference (diarienummer)"), max_length=60, blank=True)
    funded = models.ManyToManyField(
        "proposals.Proposal",
        verbose_name=_("proposals the decision funds"),
        blank=True,
        related_name="funding_decisions",
    )
    # Public: why the decision differs from the counted result (empty when it follows it).
    deviation_reason = models.TextField(_("why the decision differs from the result"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("political decision")
        verbose_name_plural = _("political decisions")

    def __str__(self):
        return f"{self.body} {self.decided_on}"


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Under way")
    DONE = "done", _("Done")
    DELAYED = "delayed", _("Delayed")
    CANCELLED = "cancelled", _("Cancelled")


# A status that needs a public reason.
NEEDS_REASON = {ProjectStatus.DELAYED, ProjectStatus.CANCELLED}


class Project(TimeStamped):
    budget_round = models.ForeignKey(
        "processes.BudgetRound", on_delete=models.CASCADE, related_name="projects"
    )
    proposal = models.OneToOneField(
        "proposals.Proposal",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="project",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)  # Markdown
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible official"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responsible_for_projects",
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )
    status_reason = models.TextField(_("public reason for the status"), blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    budgeted_cost = models.PositiveBigIntegerField(_("budgeted cost (kr)"))
    actual_cost = models.PositiveBigIntegerField(_("cost so far (kr)"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (per cent)"), null=True, blank=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__isnull=True) | models.Q(progress__lte=100),
                name="project_progress_at_most_100",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        """The public page (select_related("budget_round") where many are listed)."""
        return reverse("followup:project", kwargs={"slug": self.budget_round.slug, "pk": self.pk})


class ProjectUpdate(TimeStamped):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    title = models.CharField(_("heading"), max_length=200)
    body = models.TextField(_("text"))  # Markdown, rendered by core.markdown
    # The date the update speaks of (shown on the timeline); published_at says when it went out.
    dated = models.DateField(_("date"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-dated", "-id"]
        indexes = [models.Index(fields=["project", "published_at"])]

    def __str__(self):
        return self.title


class StatusChange(models.Model):
    """One change of a project's status, with its public reason: the project's timeline."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("status"), max_length=16, choices=ProjectStatus.choices)
    previous = models.CharField(max_length=16, choices=ProjectStatus.choices, blank=True)
    reason = models.TextField(_("public reason for the status"), blank=True)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["project", "changed_at"])]

    def __str__(self):
        return f"{self.project_id}: {self.status}"


class UpdatePhoto(models.Model):
    update = models.ForeignKey(ProjectUpdate, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=photo_path)
    alt = models.CharField(_("description of the photo (alt text)"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.alt


class UpdateDocument(models.Model):
    update = models.ForeignKey(ProjectUpdate, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("document (PDF)"), upload_to=document_path)
    title = models.CharField(_("title of the document"), max_length=200)
    size = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.title
