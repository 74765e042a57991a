"""Proposals, comments, supports and reports of abuse."""

import uuid
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from delaktig.accounts.rules import is_staff_member
from delaktig.core.models import TimeStamped


class ProposalStatus(models.TextChoices):
    PUBLISHED = "published", pgettext_lazy("proposal", "Published")
    WITHDRAWN = "withdrawn", _("Withdrawn by the author")
    HIDDEN = "hidden", _("Hidden by a moderator")
    MERGED = "merged", _("Merged with another proposal")
    # Sent in with a voting code in a youth round: a moderator publishes it, or hides it.
    PENDING = "pending", _("Waiting for a moderator")


class ProposalQuerySet(models.QuerySet):
    def published(self):
        """Visible to everyone: published (incl. those merged into another, shown with a note)."""
        return self.filter(status__in=[ProposalStatus.PUBLISHED, ProposalStatus.MERGED])

    def active(self):
        """Still in the running: not withdrawn, hidden or merged."""
        return self.filter(status=ProposalStatus.PUBLISHED)

    def in_round(self, budget_round):
        return self.filter(budget_round=budget_round)

    def for_list(self):
        """What a list row shows, in one query: area, category, the assessment and who
        proposed it (`author_label`)."""
        return self.select_related("area", "category", "assessment", "author")

    def visible_to(self, user):
        if is_staff_member(user):
            return self
        if user.is_authenticated:
            return self.filter(
                Q(
                    status__in=[
                        ProposalStatus.PUBLISHED,
                        ProposalStatus.MERGED,
                        ProposalStatus.HIDDEN,
                    ]
                )
                | Q(author=user)
            )
        return self.filter(
            status__in=[ProposalStatus.PUBLISHED, ProposalStatus.MERGED, ProposalStatus.HIDDEN]
        )


def proposal_image_path(instance, filename: str) -> str:
    """A random name: nothing of the uploader's file name, no address anyone can guess.

    `filename` is the re-encoded file's (`image.jpg` or `image.png`), so only its suffix is
    used (proposals/images.py)."""
    suffix = PurePath(filename).suffix.lower()
    return f"proposals/{uuid.uuid4().hex}{suffix}"


class Proposal(TimeStamped):
    budget_round = models.ForeignKey(
        "processes.BudgetRound", on_delete=models.CASCADE, related_name="proposals"
    )
    area = models.ForeignKey(
        "processes.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    category = models.ForeignKey(
        "processes.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=5000)
    estimated_cost = models.PositiveBigIntegerField(_("estimated cost (kr)"))
    image = models.ImageField(_("image"), upload_to=proposal_image_path, null=True, blank=True)
    image_alt = models.CharField(
        _("image description"),
        max_length=200,
        blank=True,
        help_text=_("Describe the image for people who cannot see it."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.PUBLISHED
    )
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    # False for proposals sent in with a voting code: the name comes from a school's or an
    # association's list, and a child's name is not published.
    author_name_shown = models.BooleanField(_("author's name shown"), default=True)
    # Shown instead of the author's name where the round allows it (BudgetRound.
    # pseudonyms_allowed); services._check_pseudonym keeps it from naming someone else.
    pseudonym = models.CharField(_("pseudonym"), max_length=40, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_from",
    )
    support_count = models.PositiveIntegerField(default=0)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [models.Index(fields=["budget_round", "status"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("proposals:detail", kwargs={"slug": self.budget_round.slug, "pk": self.pk})

    @property
    def author_label(self) -> str:
        """Who the public pages say proposed it: never a code voter's name, the pseudonym
        where one is used, else the author's name."""
        if not self.author_name_shown:
            return str(_("A participant with a voting code"))
        if self.pseudonym:
            return self.pseudonym
        if self.author_id:
            # The name only: get_full_name() falls back to the e-mail address, never public.
            return self.author.full_name or str(_("A participant without a name"))
        return str(_("A former user"))

    @property
    def is_active(self) -> bool:
        return self.status == ProposalStatus.PUBLISHED

    @property
    def public_assessment(self):
        """The assessment once published, else None (deciding is not publishing).

        Read through the reverse relation so proposals need not import assessments.
        """
        assessment = getattr(self, "assessment", None)
        if assessment is None or assessment.published_at is None:
            return None
        return assessment


class Comment(TimeStamped):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="comments"
    )
    body = models.TextField(_("comment"), max_length=2000)
    is_hidden = models.BooleanField(default=False)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return self.body[:60]

    @property
    def audit_label(self) -> str:
        """The audit log names a comment by number, never by its text: the log is kept for
        ever, past the account's deletion, and a comment may hold a name or a personnummer."""
        return f"#{self.pk}"


class Support(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="one_support_per_user")
        ]

    def __str__(self):
        return f"{self.user_id} → {self.proposal_id}"


class ReportResolution(models.TextChoices):
    HIDDEN = "hidden", _("Content hidden")
    DISMISSED = "dismissed", _("Dismissed")


class ReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)

    def in_round(self, budget_round):
        return self.filter(
            Q(proposal__budget_round=budget_round)
            | Q(comment__proposal__budget_round=budget_round)
            | Q(process=budget_round)
        )

    def on(self, target):
        """The reports on one piece of another app's content (reportables.py)."""
        return self.filter(
            target_type=ContentType.objects.get_for_model(target), target_id=target.pk
        )


@dataclass(frozen=True)
class ReportedContent:
    """A reported thing as the moderation queue and its check pages name it."""

    label: str  # "Proposal", "Comment", "Forum post"
    title: str  # what it belongs to
    url: str
    text: str


class Report(TimeStamped):
    """A report of abuse for the moderation queue: on a proposal, on one of its comments (then
    both are set), or on another app's content registered in `reportables.py` (a forum post:
    `target_type`/`target_id`, with its `process`, so the queue of a process is one query)."""

    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    # Another app's content (reportables.py). The owning app deletes the reports on content it
    # deletes (no database cascade through a generic reference).
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    process = models.ForeignKey(
        "processes.BudgetRound",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("what is wrong"), max_length=1000)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.CharField(max_length=16, choices=ReportResolution.choices, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(proposal__isnull=False)
                | Q(comment__isnull=False)
                | Q(target_type__isnull=False, target_id__isnull=False, process__isnull=False),
                name="report_has_target",
            )
        ]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self):
        return self.reason[:60]

    @property
    def audit_label(self) -> str:
        """By number, never by the reason written (see Comment.audit_label)."""
        return f"#{self.pk}"

    @property
    def target_proposal(self):
        """The proposal reported, or whose comment was; None for other content."""
        if self.proposal_id:
            return self.proposal
        return self.comment.proposal if self.comment_id else None

    @property
    def reportable(self):
        """The registration of the reported content of another app (reportables.py), or None
        for a proposal or a comment."""
        if self.target_type_id is None:
            return None
        from .reportables import reportable_for

        return reportable_for(self.target_type.model_class())

    def reported_content(self) -> ReportedContent:
        """What the queue shows of the reported content, whatever its kind."""
        reportable = self.reportable
        if reportable is not None:
            target = self.target
            if target is None:  # deleted by its app since: nothing left to hide
                return ReportedContent(str(reportable.label), "", "", "")
            return ReportedContent(
                str(reportable.label),
                reportable.title(target),
                reportable.url(target),
                reportable.text(target),
            )
        proposal = self.target_proposal
        if self.comment_id:
            return ReportedContent(
                str(_("Comment")), proposal.title, proposal.get_absolute_url(), self.comment.body
            )
        return ReportedContent(
            str(_("Proposal")),
            proposal.title,
            proposal.get_absolute_url(),
            Truncator(proposal.description).words(80),
        )

    @property
    def process_id_of(self) -> int:
        """The id of the process the reported content belongs to."""
        if self.process_id:
            return self.process_id
        return self.target_proposal.budget_round_id
