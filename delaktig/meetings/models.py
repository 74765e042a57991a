"""Meetings, focus groups and the calendar: who registered, who waits, who was invited and who
came, and what came out of the meeting (notes, key points, photos).

A meeting belongs to a process (a dialogue or a budget round) or stands alone. Registrations
are personal data: the retention purge empties their names and e-mail addresses a while after
the meeting (personal_data.py) and keeps the counts.
"""

import uuid
from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from delaktig.core.models import TimeStamped

# The digital meeting's link is shown to confirmed registrants from this long before the start.
DIGITAL_LINK_BEFORE = timedelta(hours=1)


class MeetingKind(models.TextChoices):
    OPEN = "open", _("Open meeting")
    CAFE = "cafe", _("Dialogue café")
    FOCUS_GROUP = "focus_group", _("Focus group")
    WORKSHOP = "workshop", _("Workshop")
    DIGITAL = "digital", _("Digital meeting")
    DISTRICT = "district", _("Local community meeting")


class TargetGroup(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    YOUNG = "young", _("Children and young people")
    PARENTS = "parents", _("Parents")
    OLDER = "older", _("Older people")
    ASSOCIATIONS = "associations", _("Associations")
    BUSINESSES = "businesses", _("Businesses")


class Language(models.TextChoices):
    SWEDISH = "sv", _("Swedish")
    ENGLISH = "en", _("English")
    EASY_SWEDISH = "sv_easy", _("Easy Swedish")
    SIGN = "sgn", _("Swedish sign language")


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("meeting", "Draft")
    PUBLISHED = "published", pgettext_lazy("meeting", "Published")
    CANCELLED = "cancelled", pgettext_lazy("meeting", "Cancelled")


class MeetingQuerySet(models.QuerySet):
    def public(self):
        """What anyone may see: published meetings and cancelled ones (the calendar says so)."""
        return self.filter(status__in=[MeetingStatus.PUBLISHED, MeetingStatus.CANCELLED])

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now())

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now())


class Meeting(TimeStamped):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(_("kind of meeting"), max_length=20, choices=MeetingKind.choices)
    description = models.TextField(_("description"), max_length=5000)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    step_free = models.BooleanField(_("step-free access"), default=False)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    interpreting = models.BooleanField(_("interpreting on request"), default=False)
    digital_url = models.URLField(_("link to the digital meeting"), blank=True)
    target_group = models.CharField(
        _("target group"), max_length=20, choices=TargetGroup.choices, default=TargetGroup.EVERYONE
    )
    language = models.CharField(
        _("language"), max_length=10, choices=Language.choices, default=Language.SWEDISH
    )
    district = models.ForeignKey(
        "accounts.District",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    process = models.ForeignKey(
        "processes.BudgetRound",
        verbose_name=_("dialogue or budget round"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    capacity = models.PositiveIntegerField(_("number of places"))
    status = models.CharField(
        max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT
    )
    cancel_reason = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # After the meeting.
    notes = models.TextField(_("notes"), max_length=20000, blank=True)
    participants = models.PositiveIntegerField(_("number of participants"), null=True, blank=True)
    notes_published_at = models.DateTimeField(null=True, blank=True)
    # The retention purge emptied the registrations' names and addresses (personal_data.py).
    purged_at = models.DateTimeField(null=True, blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("The meeting must end after it starts."),
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_published(self):
        return self.status == MeetingStatus.PUBLISHED

    @property
    def is_cancelled(self):
        return self.status == MeetingStatus.CANCELLED

    @property
    def is_focus_group(self):
        return self.kind == MeetingKind.FOCUS_GROUP

    @property
    def is_digital(self):
        return bool(self.digital_url)

    def has_started(self, now=None):
        return (now or timezone.now()) >= self.starts_at

    def has_ended(self, now=None):
        return (now or timezone.now()) >= self.ends_at

    def digital_link_open(self, now=None):
        """The link is shown from an hour before the start until the end."""
        now = now or timezone.now()
        return self.is_digital and self.starts_at - DIGITAL_LINK_BEFORE <= now < self.ends_at

    def accessibility(self) -> list[str]:
        facts = []
        if self.step_free:
            facts.append(_("Step-free access"))
        if self.hearing_loop:
            facts.append(_("Hearing loop"))
        if self.interpreting:
            facts.append(_("Interpreting on request"))
        return facts


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Not confirmed")
    REGISTERED = "registered", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", pgettext_lazy("registration", "Cancelled")


# A registration that still holds (or waits for) a place; one per e-mail address a meeting.
ACTIVE = [RegistrationStatus.PENDING, RegistrationStatus.REGISTERED, RegistrationStatus.WAITING]


class Registration(TimeStamped):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_registrations",
    )
    name = models.CharField(_("name"), max_length=150)
    # Kept in lower case, so that one address cannot register twice.
    email = models.EmailField(_("e-mail address"))
    status = models.CharField(
        max_length=12, choices=RegistrationStatus.choices, default=RegistrationStatus.PENDING
    )
    invitation = models.ForeignKey(
        "Invitation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    needs = models.CharField(_("what you need to take part"), max_length=500, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["confirmed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "email"],
                condition=Q(status__in=ACTIVE) & ~Q(email=""),
                name="one_active_registration_per_address",
            )
        ]
        indexes = [models.Index(fields=["meeting", "status"])]

    def __str__(self):
        return f"{self.meeting} – {self.get_status_display()}"


class Invitation(TimeStamped):
    """An invitation by e-mail to an association (its public contact address) or a person.

    For a focus group the invitation's link is the only way to register."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    association = models.ForeignKey(
        "associations.Association",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_invitations",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "association"],
                condition=Q(association__isnull=False),
                name="one_invitation_per_association",
            )
        ]

    def __str__(self):
        return self.name


class KeyPoint(models.Model):
    """One short point that came out of a meeting, which the dialogue report can cite
    (queries.key_points)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="key_points")
    text = models.CharField(_("key point"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.text


def photo_path(instance, filename: str) -> str:
    """A random name; only the re-encoded file's suffix is used (proposals/images.py)."""
    return f"meetings/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class Photo(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=photo_path)
    alt = models.CharField(_("image description"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.alt
