"""Who asked to be told about what, and what happened that they may be told.

- `Follow`: a person follows one public thing (a process, a proposal, a project, a forum
  thread…), named generically by its content type and id (the kinds are registered by the apps
  that own them, `registry.py`). Signed-in people follow with their account; voters and
  respondents without one leave an e-mail address. An e-mail follow is written only when the
  person opens the signed link sent to that address (`services.confirm_email`): nothing is
  stored before, so nobody is e-mailed who did not ask, and the row is not written in the
  moments after a ballot or an answer. It keeps only the day it was made, a random key (no
  sequence), and on SQLite a table stored by that key (WITHOUT ROWID); the daily digest
  rewrites each finished day's new e-mail follows in random order (`digest.settle_new_follows`)
  so that PostgreSQL's storage order does not keep the order people confirmed in either.
- `Event`: something a follower may be told, written by the app that owns the thing
  (`services.record`), in the same transaction as the change. One row however many people
  follow: the daily digest (`digest.py`, the task queue) joins events to follows, so a change
  that 20 000 people follow costs the official's request one insert.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class FollowQuerySet(models.QuerySet):
    def of(self, target):
        return self.filter(
            target_type=ContentType.objects.get_for_model(target), target_id=target.pk
        )

    def confirmed(self):
        return self.filter(confirmed=True)


class Follow(models.Model):
    # A random key: an e-mail follow's key says nothing about when it was made, and the
    # unsubscribe links name it.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
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
    # The moment up to which this follow has been told (the last digest that had something
    # for it): the next digest tells what happened after. Digest time, never a person's.
    last_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # False for an e-mail follow not yet rewritten among the others of its day (the digest
    # does it once the day is over); True for everything else.
    settled = models.BooleanField(default=True, editable=False)

    objects = FollowQuerySet.as_manager()

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
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="follow_target"),
            models.Index(fields=["user", "email"], name="follow_recipient"),
            models.Index(fields=["process"], name="follow_process"),
        ]

    def __str__(self):
        return f"{self.target_type.model} #{self.target_id}"

    @property
    def address(self) -> str:
        """Where the digest goes: the account's address, or the one left."""
        return self.user.email if self.user_id else self.email


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
    # What happened, e.g. "proposal.assessed", "result.published", "project.status"
    # (registry.register_event_kind gives each a label).
    kind = models.CharField(max_length=40)
    # The public words of this event (a title at the time, a status, a reason), shown in the
    # digest and the Atom feeds. Only public facts: a follower who is not signed in sees them.
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    path = models.CharField(max_length=300, blank=True)  # the public page, without the host
    happened_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Someone already told of this by a message of its own (the author of an assessed
    # proposal, assessments/tasks.py): the digest leaves it out of their message.
    told_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-happened_at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id", "happened_at"]),
            models.Index(fields=["process", "happened_at"], name="event_process_time"),
        ]

    def __str__(self):
        return f"{self.kind}: {self.title}"
