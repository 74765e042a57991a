"""An official's verdict on a proposal: feasible or not, a public reason, the official cost."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from delaktig.core.models import TimeStamped


class Verdict(models.TextChoices):
    FEASIBLE = "feasible", _("Feasible")
    NOT_FEASIBLE = "not_feasible", _("Not feasible")


class AssessmentQuerySet(models.QuerySet):
    def published(self):
        """What the public may read: deciding is not publishing."""
        return self.filter(published_at__isnull=False)

    def unpublished(self):
        return self.filter(published_at__isnull=True)

    def feasible(self):
        return self.filter(verdict=Verdict.FEASIBLE)

    def in_round(self, budget_round):
        return self.filter(proposal__budget_round=budget_round)


class Assessment(TimeStamped):
    proposal = models.OneToOneField(
        "proposals.Proposal", on_delete=models.CASCADE, related_name="assessment"
    )
    verdict = models.CharField(_("verdict"), max_length=16, choices=Verdict.choices)
    reason = models.TextField(
        _("public reason"), help_text=_("Shown to everyone. Write so the proposer understands.")
    )
    official_cost = models.PositiveBigIntegerField(_("official cost (kr)"), null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self):
        return f"{self.proposal}: {self.get_verdict_display()}"

    @property
    def is_feasible(self) -> bool:
        return self.verdict == Verdict.FEASIBLE
