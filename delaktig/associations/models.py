"""The municipality's register of local associations (föreningsregister).

An association applies to be listed (or to change its entry) through a public form confirmed by
e-mail; an official approves. Only what is meant to be public is public: the name, category,
area, description, website and a public contact, which is a role address or a person who has
consented (the date is kept, and the person can be removed on request).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from delaktig.core.models import TimeStamped


class Category(models.TextChoices):
    SPORTS = "sports", _("Sports")
    CULTURE = "culture", _("Culture")
    PENSIONERS = "pensioners", _("Pensioners")
    YOUTH = "youth", _("Children and young people")
    PARENTS = "parents", _("Parents")
    DISABILITY = "disability", _("Disability")
    NEIGHBOURHOOD = "neighbourhood", _("Village and neighbourhood")
    NATURE = "nature", _("Nature and environment")
    FAITH = "faith", _("Faith")
    SOCIAL = "social", _("Social and humanitarian")
    INTEREST = "interest", _("Hobbies and interests")
    OTHER = "other", _("Other")


class AssociationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    LISTED = "listed", _("Listed")
    REMOVED = "removed", _("Removed")


class AssociationQuerySet(models.QuerySet):
    def listed(self):
        return self.filter(status=AssociationStatus.LISTED)

    def search(self, *, text: str = "", categories=(), districts=(), whole_municipality=False):
        """The register's search: words in the name or description, any of the categories,
        any of the areas (and, with `whole_municipality`, those active everywhere)."""
        found = self
        for word in text.split()[:8]:
            found = found.filter(
                models.Q(name__icontains=word) | models.Q(description__icontains=word)
            )
        if categories:
            found = found.filter(category__in=categories)
        if districts or whole_municipality:
            where = models.Q(district__in=districts)
            if whole_municipality:
                where |= models.Q(district__isnull=True)
            found = found.filter(where)
        return found


class Association(TimeStamped):
    name = models.CharField(_("name"), max_length=200)
    # The name case-folded (ö = Ö on every database; SQLite's LIKE folds only ASCII), for the
    # duplicate check. Set on save.
    name_key = models.CharField(max_length=200, db_index=True, editable=False, default="")
    slug = models.SlugField(max_length=80, unique=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    district = models.ForeignKey(
        "accounts.District",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="associations",
        help_text=_("Empty when the association is active in the whole municipality."),
    )
    description = models.TextField(_("description"), max_length=2000, blank=True)
    website = models.URLField(_("website"), blank=True)
    # The public contact: a role address (info@…) or a named person who has consented.
    contact_email = models.EmailField(_("contact e-mail address"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_consented_on = models.DateField(null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AssociationStatus.choices,
        default=AssociationStatus.PENDING,
    )

    objects = AssociationQuerySet.as_manager()

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["status", "category"])]
        constraints = [
            # Two officials approving two applications of one name at once: one wins.
            models.UniqueConstraint(
                fields=["name_key"],
                condition=~models.Q(status="removed"),
                name="one_association_per_name",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)


def name_key(name: str) -> str:
    """The name as the duplicate check compares it: spaces collapsed, case folded."""
    return " ".join(name.split()).casefold()


class ApplicationKind(models.TextChoices):
    NEW = "new", _("New entry")
    UPDATE = "update", _("Change of an entry")


class ApplicationStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("E-mail address not confirmed")
    WAITING = "waiting", _("Waiting for a decision")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ApplicationQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(status=ApplicationStatus.WAITING)


class Application(TimeStamped):
    """An association's request to be listed, or to change its entry.

    Nothing of it reaches the officials' queue before the applicant has followed the link
    e-mailed to `applicant_email` (status UNCONFIRMED → WAITING). The entry itself changes only
    when an official approves."""

    kind = models.CharField(max_length=10, choices=ApplicationKind.choices)
    association = models.ForeignKey(
        Association,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="applications",
        help_text="The entry to change (kind UPDATE), or the entry made on approval (NEW).",
    )
    status = models.CharField(
        max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.UNCONFIRMED
    )
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    district = models.ForeignKey(
        "accounts.District", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.TextField(_("description"), max_length=2000, blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(_("contact e-mail address"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_consent = models.BooleanField(default=False)
    # Who sent it in: the confirmation and the decision go here. Personal data, purged.
    applicant_email = models.EmailField(_("your e-mail address"))
    confirmed_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(blank=True, max_length=1000)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.name}"


class Invitation(models.Model):
    """An association invited by e-mail to take part in a process (a dialogue or a budget
    round). One per association and process; `sent_at` is set when the task queue has sent it.

    The meetings app keeps its own invitations to meetings (with registered and attended);
    both are read for an association's page through `queries.invitations_of`, which returns
    plain rows (what, when, by whom) that a template can list side by side."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="invitations"
    )
    process = models.ForeignKey(
        "processes.BudgetRound", on_delete=models.CASCADE, related_name="association_invitations"
    )
    email = models.EmailField()  # the entry's public contact address when it was invited
    message = models.TextField(blank=True, max_length=2000)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-invited_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "process"], name="one_invitation_per_process"
            )
        ]

    def __str__(self):
        return f"{self.association} → {self.process}"
