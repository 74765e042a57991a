"""The municipality's register of local associations (föreningsregister).

An association applies to be listed (or to change its entry) through a public form confirmed by
e-mail; an official approves. Only what is meant to be public is public: the name, category,
area, description, website and a public contact, which is a role address or a person who has
consented (the date is kept, and the person can be removed on request).
"""

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


class Association(TimeStamped):
    name = models.CharField(_("name"), max_length=200)
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

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["status", "category"])]

    def __str__(self):
        return self.name
