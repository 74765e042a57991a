"""People, their roles, and the facts eligibility needs (organisation unit, home district)."""

import secrets

import rules
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class District(models.Model):
    """A part of the municipality residents live in (one of Nässjö's eight areas)."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self):
        return self.name


class Unit(models.Model):
    """An organisation unit whose employees may take part (Samhällsbyggnadssektorn)."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")

    def __str__(self):
        return self.name


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("name"), max_length=150, blank=True)
    district = models.ForeignKey(
        District,
        verbose_name=_("district where you live"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="residents",
    )
    units = models.ManyToManyField(
        Unit, verbose_name=_("organisation units"), blank=True, related_name="members"
    )
    # HMAC-SHA256 of the personnummer, set by e-identification; never the number in clear.
    personnummer_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    is_official = models.BooleanField(
        _("case officer"), default=False, help_text=_("Sets up rounds and assesses proposals.")
    )
    is_moderator = models.BooleanField(
        _("moderator"), default=False, help_text=_("Handles reported content.")
    )
    # Förtroendevald: a politician who reads; changes nothing (council.rules).
    is_elected_member = models.BooleanField(
        _("elected member"),
        default=False,
        help_text=_(
            "Reads reports and drafts before they are public, and follows turnout. "
            "Cannot change anything."
        ),
    )
    # Part of the key that finds the person's secret ballot (voting's locator_for). It
    # changes whenever someone else could have come by the person's credentials: a password set
    # (by an administrator, a reset link or the person), a new voting code used. A ballot cast
    # before cannot then be found, seen or changed by whoever holds the new credentials.
    credential_stamp = models.CharField(max_length=64, blank=True, default="", editable=False)
    # When the person last became a case officer (or administrator): a four-eyes approval
    # counts only from someone who was one before the request (approvals.services.approve).
    official_since = models.DateTimeField(null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []
    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.email

    @property
    def audit_label(self) -> str:
        """The audit log names a person by id, never by name or e-mail address, so that
        nothing in it identifies them once their account is deleted (the privacy policy)."""
        return f"#{self.pk}"

    def save(self, *args, **kwargs):
        if (self.is_official or self.is_superuser) and self.official_since is None:
            self.official_since = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "official_since"}
        elif not (self.is_official or self.is_superuser):
            self.official_since = None
        super().save(*args, **kwargs)

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.new_credentials()

    def new_credentials(self) -> None:
        """The person's credentials changed: earlier ballots can no longer be located."""
        self.credential_stamp = secrets.token_hex(16)

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def has_perm(self, perm, obj=None):
        """The platform's own permissions (django-rules) are decided by their predicates alone.

        Django lets an active superuser through every check; for our permissions that would let
        an administrator vote after voting closed or count while it is open, because the phase
        rules live in the predicates. Django's model permissions (the admin site) are unchanged.
        """
        if rules.perm_exists(perm):
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)

    @property
    def is_administrator(self) -> bool:
        return self.is_superuser
