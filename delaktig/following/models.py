"""Who asked to be told about what, and what happened that they may be told.

- `Follow`: a person follows one public thing (a process, a proposal, a project, a forum
  thread…), named generically by its content type and id. Signed-in people follow with their
  account; voters and respondents without one leave an e-mail address, stored here and
  nowhere near their ballot or answer, and confirmed by a link before anything is sent to it
  (nobody is e-mailed who did not ask). Only the day it was made is kept: no time of day that
  could be matched against the moment a ballot or an answer was stored.
- `Event`: something a follower may be told, written by the app that owns the thing
  (`services.record`), in the same transaction as the change. One row however many people
  follow: the daily digest (the task queue) joins events to follows, so a change that 20 000
  people follow costs the official's request one insert.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Follow(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="follows",
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    # The process the target belongs to (itself when a process is followed): a follower of a
    # round is told about the round's proposals and projects too.
    process = models.ForeignKey(
        "processes.BudgetRound",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    confirmed = models.BooleanField(default=False)
    created_on = models.DateField(auto_now_add=True)
    # The last digest sent to this follow: at most one message a day.
    last_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(email=""))
                | (Q(user__isnull=True) & ~Q(email="")),
                name="follow_user_or_email",
            ),
            models.UniqueConstraint(
                fields=["user", "target_type", "target_id"],
                condition=Q(user__isnull=False),
                name="follow_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["email", "target_type", "target_id"],
                condition=Q(user__isnull=True),
                name="follow_once_per_email",
            ),
        ]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self):
        return f"{self.target_type.model} #{self.target_id}"


class Event(models.Model):
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    process = models.ForeignKey(
        "processes.BudgetRound",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # What happened, one of the kinds registered by the owning app (registry.py), e.g.
    # "proposal.assessed", "result.published", "project.status".
    kind = models.CharField(max_length=40)
    # The public words of this event (a title at the time, a status, a reason), shown in the
    # digest and the Atom feeds. Only public facts: a follower who is not signed in sees them.
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    path = models.CharField(max_length=300, blank=True)  # the public page, without the host
    happened_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-happened_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "happened_at"])]

    def __str__(self):
        return f"{self.kind}: {self.title}"
