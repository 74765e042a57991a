"""The dialogue report: composed from ordered blocks, published as immutable dated versions.

- `Report` is the working copy officials compose (one per process) with its `Block`s.
- `ReportVersion` is what was published: the title, the blocks rendered to HTML at that moment,
  the date, and for every version after the first a note of what changed. Never changed or
  deleted once written (`save()` refuses); a correction is a new version, and earlier versions
  stay readable.
- `Feedback` is "Ni sa – vi gjorde" (you said – we did): what was decided, which input it used,
  and what was not done and why.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Report(models.Model):
    process = models.OneToOneField(
        "processes.BudgetRound", on_delete=models.CASCADE, related_name="dialogue_report"
    )
    title = models.CharField(_("title"), max_length=200)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dialogue report")
        verbose_name_plural = _("dialogue reports")

    def __str__(self):
        return self.title

    def latest_version(self):
        return self.versions.order_by("-number").first()


class BlockKind(models.TextChoices):
    TEXT = "text", _("Text")
    QUESTION = "question", _("A question's chart and table")
    FIGURES = "figures", _("Key figures: answers and reach")
    THEME = "theme", _("A theme with quotes")
    NEXT_STEPS = "next_steps", _("What happens now?")
    MEETINGS = "meetings", _("From the meetings: key points")


class Block(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="blocks")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind of block"), max_length=16, choices=BlockKind.choices)
    heading = models.CharField(_("heading"), max_length=200, blank=True)
    body = models.TextField(
        _("text"),
        blank=True,
        help_text=_("Markdown: # heading, - list, **bold**, [link](https://…)."),
    )
    # A theme block: the theme, and the quotes chosen for it (each checked for personal data).
    theme = models.ForeignKey(
        "surveys.Theme", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Empty on a theme block once its theme was deleted: publishing refuses until fixed.
    quotes = models.ManyToManyField("surveys.Quote", blank=True, related_name="+")
    # A question block: the question whose result it shows (under the K rule). Empty once the
    # question was deleted: publishing refuses until fixed.
    question = models.ForeignKey(
        "surveys.Question", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A key-figures block: the survey whose answers and reach it counts.
    survey = models.ForeignKey(
        "surveys.Survey", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A key-points block: the meeting whose published key points it cites
    # (meetings.queries.key_points). Empty once the meeting was deleted; a meeting cancelled
    # or with its notes withdrawn stops publishing too (services.publishing_problems).
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("block")
        verbose_name_plural = _("blocks")

    def __str__(self):
        if not self.heading and self.kind == BlockKind.MEETINGS and self.meeting is not None:
            return _("From the meeting: %(title)s") % {"title": self.meeting.title}
        return self.heading or self.get_kind_display()


class ImmutableVersionError(Exception):
    pass


class ReportVersion(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    html = models.TextField()  # the blocks as rendered when published; never rendered again
    change_note = models.TextField(blank=True)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The accessible PDF, made by the task queue after publishing.
    pdf = models.FileField(upload_to="dialogue/reports/", blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_once")
        ]

    def __str__(self):
        return f"{self.title} ({self.number})"

    def save(self, *args, **kwargs):
        """Written once; afterwards only its PDF may be added."""
        if self.pk is not None and kwargs.get("update_fields") != ["pdf"]:
            raise ImmutableVersionError("A published report version cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableVersionError("A published report version cannot be deleted.")


class Feedback(models.Model):
    """Ni sa – vi gjorde: published after the decision, told to those who asked."""

    process = models.OneToOneField(
        "processes.BudgetRound", on_delete=models.CASCADE, related_name="dialogue_feedback"
    )
    decided = models.TextField(_("what was decided"))
    used = models.TextField(_("what of your views was used, and how"))
    not_done = models.TextField(_("what was not done, and why"), blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # How many were e-mailed (the addresses are deleted once told).
    told = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self):
        return str(self.process)
