"""Who may vote in a round: its settings, the census (röstlängd) and invitation lists.

No personnummer and no voting code is stored in clear: the census holds HMAC-SHA256 hashes
(key PERSONNUMMER_HASH_KEY), invitations hold HMAC-SHA256 hashes of their codes (key
VOTING_CODE_KEY). Both keys live in settings, never in the database.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _


class RoundEligibility(models.Model):
    """How a round decides who may vote, on top of `BudgetRound.eligibility`."""

    budget_round = models.OneToOneField(
        "processes.BudgetRound", on_delete=models.CASCADE, related_name="eligibility_settings"
    )
    use_invitations = models.BooleanField(
        _("invitation list"),
        default=False,
        help_text=_("People on the invitation list vote with a personal voting code."),
    )
    use_census = models.BooleanField(
        _("census"),
        default=False,
        help_text=_("People in the census vote after signing in with e-identification."),
    )
    # Youth rounds (Torsby's children designed their park): people who signed in with a
    # voting code may send in proposals too; a moderator checks each before it is published.
    codes_may_propose = models.BooleanField(
        _("people with a voting code may send in proposals"),
        default=False,
        help_text=_(
            "For example pupils who propose what their park should have. A moderator checks "
            "each proposal before it is published, and the author's name is not shown."
        ),
    )
    min_age = models.PositiveSmallIntegerField(_("lowest age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("highest age"), null=True, blank=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("eligibility settings")
        verbose_name_plural = _("eligibility settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(min_age__lte=models.F("max_age")),
                name="eligibility_min_age_not_over_max",
                violation_error_message=_("The lowest age is higher than the highest age."),
            )
        ]

    def __str__(self):
        return str(self.budget_round)

    @property
    def uses_roll(self) -> bool:
        """A roll (census and/or invitations) decides who votes, instead of the round's rule."""
        return self.use_invitations or self.use_census

    @property
    def has_age_limits(self) -> bool:
        return self.min_age is not None or self.max_age is not None


class CensusEntry(models.Model):
    """One person in a round's census: a keyed hash of the personnummer, area and birth date."""

    budget_round = models.ForeignKey(
        "processes.BudgetRound", on_delete=models.CASCADE, related_name="census_entries"
    )
    personnummer_hash = models.CharField(max_length=64)
    area = models.ForeignKey(
        "processes.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    birth_date = models.DateField()

    class Meta:
        verbose_name = _("census entry")
        verbose_name_plural = _("census entries")
        constraints = [
            models.UniqueConstraint(
                fields=["budget_round", "personnummer_hash"], name="census_person_once_per_round"
            )
        ]

    def __str__(self):
        return f"{self.budget_round_id}:{self.personnummer_hash[:8]}"


class InvitationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def counts(self) -> dict[str, int]:
        """How many invitations there are, and how many are issued, sent, used and revoked."""
        return self.aggregate(
            total=Count("pk"),
            issued=Count("pk", filter=Q(code_hash__isnull=False, revoked_at__isnull=True)),
            sent=Count("pk", filter=Q(sent_at__isnull=False)),
            used=Count("pk", filter=Q(used_at__isnull=False)),
            revoked=Count("pk", filter=Q(revoked_at__isnull=False)),
        )


class Invitation(models.Model):
    """A person on a round's invitation list, who votes with a personal code."""

    budget_round = models.ForeignKey(
        "processes.BudgetRound", on_delete=models.CASCADE, related_name="invitations"
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"), blank=True)
    area = models.ForeignKey(
        "processes.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    group = models.CharField(_("group"), max_length=100, blank=True)
    # HMAC-SHA256 of the person's personnummer (key PERSONNUMMER_HASH_KEY), when the list gave
    # one: required when the round also uses a census, so a person on both is one voter.
    personnummer_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    # HMAC-SHA256 of the current code; empty until a code is issued. A new code replaces it.
    code_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["group", "name", "pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return self.name

    @property
    def audit_label(self) -> str:
        """The audit log names an invitation by number, never the person: the log is kept for
        ever, the invitation list only until the round's retention purge."""
        return f"#{self.pk}"


class RollFile(models.Model):
    """A file of the voter roll handled by the task queue: a census or invitation list an
    official uploaded (read, then emptied), or a code sheet made for them (kept until they
    download it: the codes are in it in clear).

    Large files take longer than a request may: a census of 100 000 rows takes 4 s as CSV and
    8 s as XLSX, a code sheet 4 ms a code. `content` is encrypted with a key from settings
    (secure_file.py) and emptied as soon as it has served; the daily retention purge deletes
    rows older than a day, with whatever a crashed worker left.
    """

    class Kind(models.TextChoices):
        CENSUS = "census", _("Census")
        INVITATIONS = "invitations", _("Invitation list")
        CODE_SHEET = "code_sheet", _("Code sheet")

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting to be read")
        RUNNING = "running", _("Being read")
        CHECKED = "checked", _("Checked, waiting for a second case officer")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Not imported")

    budget_round = models.ForeignKey(
        "processes.BudgetRound", on_delete=models.CASCADE, related_name="roll_files"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    file_name = models.CharField(max_length=200, blank=True)
    content = models.BinaryField(default=b"")  # encrypted; empty once it has served
    invitation_ids = models.JSONField(default=list, blank=True)  # a code sheet's invitations
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A code sheet made once voting has opened: the second case officer who approved it.
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(max_length=8, default="sv")  # of the messages it stores
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.WAITING)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)  # a code sheet, once
    count = models.PositiveIntegerField(null=True, blank=True)  # rows imported, codes made
    message = models.TextField(blank=True)  # what is wrong with the file as a whole
    row_errors = models.JSONField(default=list, blank=True)  # [{"row", "column", "message"}]

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"#{self.pk}"

    @property
    def is_finished(self) -> bool:
        """Nothing more happens without a person: imported, refused, or checked and waiting
        for a second case officer."""
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.CHECKED)
