"""A dialogue's forum: threads (a question from the municipality) and posts (replies, and
replies to replies one level deep)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from delaktig.core.models import TimeStamped

# Limits, shared by the forms, the services and the templates' hints.
TITLE_MAX = 200
QUESTION_MAX = 4000
BODY_MAX = 2000
SUMMARY_MAX = 4000


class Moderation(models.TextChoices):
    # Posts show at once; moderators act on what is reported.
    AFTER = "after", _("Afterwards: posts show at once, moderators handle reports")
    # Nothing a resident writes shows until a moderator approves it.
    BEFORE = "before", _("Beforehand: a moderator approves every post before it shows")


class Forum(TimeStamped):
    """The forum of one process: its settings. Made with the first thread, or by the settings
    page."""

    process = models.OneToOneField(
        "processes.BudgetRound", on_delete=models.CASCADE, related_name="forum"
    )
    moderation = models.CharField(
        _("moderation"), max_length=8, choices=Moderation.choices, default=Moderation.AFTER
    )

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")

    def __str__(self):
        return str(self.process)

    @property
    def budget_round(self):
        """For processes.rules.round_of: a forum's permissions ask about its process."""
        return self.process

    @property
    def premoderated(self) -> bool:
        return self.moderation == Moderation.BEFORE


class ThreadStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Thread(TimeStamped):
    """A question the municipality asks in a dialogue's forum. Closed with a summary, it takes no
    more posts."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="threads")
    title = models.CharField(_("question"), max_length=TITLE_MAX)
    question = models.TextField(_("more about the question"), max_length=QUESTION_MAX, blank=True)
    status = models.CharField(max_length=8, choices=ThreadStatus.choices, default=ThreadStatus.OPEN)
    summary = models.TextField(_("summary"), max_length=SUMMARY_MAX, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The answer officials chose to show first (a visible post of this thread).
    pinned = models.ForeignKey(
        "Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("thread")
        verbose_name_plural = _("threads")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forums:thread", kwargs={"slug": self.forum.process.slug, "pk": self.pk})

    @property
    def budget_round(self):
        return self.forum.process

    @property
    def is_closed(self) -> bool:
        return self.status == ThreadStatus.CLOSED


class PostStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a moderator")
    VISIBLE = "visible", _("Shown")
    HIDDEN = "hidden", _("Hidden by a moderator")


class PostQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(status=PostStatus.VISIBLE)

    def shown(self):
        """What a thread page lists: visible posts, and hidden ones (their public reason)."""
        return self.filter(status__in=[PostStatus.VISIBLE, PostStatus.HIDDEN])

    def pending(self):
        return self.filter(status=PostStatus.PENDING)

    def in_process(self, process):
        return self.filter(thread__forum__process=process)


class Post(TimeStamped):
    """A reply to a thread (`parent` empty) or to a reply (`parent` a post without parent: one
    level deep, no deeper; the services refuse more). Plain text; on display links get
    rel="nofollow ugc noopener" and e-mail addresses and phone numbers are masked (text.py)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("your post"), max_length=BODY_MAX)
    # Written by one of the process's case officers: shown as the municipality's answer.
    by_municipality = models.BooleanField(default=False)
    status = models.CharField(max_length=8, choices=PostStatus.choices, default=PostStatus.VISIBLE)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    # When it became visible (at once, or when a moderator approved it): the order shown.
    shown_at = models.DateTimeField(null=True, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("forum post")
        verbose_name_plural = _("forum posts")
        indexes = [
            # A thread page: its top-level posts in order, status read from the index (an
            # index with status before created_at would make the database sort them).
            models.Index(
                fields=["thread", "parent", "created_at", "status"], name="forums_post_in_order"
            ),
            # The moderators' queue: only waiting posts are in it.
            models.Index(
                fields=["created_at"],
                condition=Q(status="pending"),
                name="forums_post_pending",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=PostStatus.HIDDEN) | ~Q(hidden_reason=""),
                name="hidden_post_has_reason",
            )
        ]

    def __str__(self):
        return f"#{self.pk}"

    @property
    def audit_label(self) -> str:
        """The audit log names a post by number, never by its text (see proposals.Comment)."""
        return f"#{self.pk}"

    def get_absolute_url(self):
        return f"{self.thread.get_absolute_url()}#inlagg-{self.pk}"

    @property
    def budget_round(self):
        return self.thread.forum.process

    @property
    def is_visible(self) -> bool:
        return self.status == PostStatus.VISIBLE

    @property
    def is_hidden(self) -> bool:
        return self.status == PostStatus.HIDDEN
