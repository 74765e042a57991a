"""Four-eyes: a sensitive step asked for by one official and carried out only when a second,
different official approves it (issue 9). The database refuses an approval by the person who
asked (a check constraint), whatever path writes the row."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a second case officer")
    APPROVED = "approved", _("Approved and carried out")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ApprovalQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=ApprovalStatus.PENDING)


class Approval(models.Model):
    budget_round = models.ForeignKey(
        "processes.BudgetRound", on_delete=models.CASCADE, related_name="approvals"
    )
    # The registered step (registry.py), e.g. "eligibility.code_sheet", and its input.
    action = models.CharField(max_length=64)
    params = models.JSONField(default=dict)
    # Why the official asks for it, in their words; shown to the one who approves.
    reason = models.CharField(_("reason"), max_length=300)
    status = models.CharField(
        max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # What carrying it out made, for the pages: e.g. {"roll_file": 12}.
    result = models.JSONField(default=dict, blank=True)

    objects = ApprovalQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True)
                | Q(requested_by__isnull=True)
                | ~Q(decided_by=F("requested_by"))
                | Q(status="withdrawn"),
                name="approval_by_someone_else",
            )
        ]

    def __str__(self):
        return f"#{self.pk} {self.action}"

    @property
    def audit_label(self) -> str:
        return f"#{self.pk}"

    @property
    def is_pending(self) -> bool:
        return self.status == ApprovalStatus.PENDING
