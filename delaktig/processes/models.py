"""Budget rounds, their areas (each with its own money) and their dated phases."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from delaktig.accounts.rules import is_official
from delaktig.core.models import TimeStamped

from . import components, phases

# The texts officials may write in Swedish and English (processes/translation.py).
TRANSLATED_FIELDS = (
    "name",
    "summary",
    "rules_text",
    "decision_body",
    "decision_subject",
    "decision_when",
)


class Audience(models.TextChoices):
    """Who the process is for: the municipality's residents or its employees."""

    CITIZEN = "citizen", _("Residents")
    STAFF = "staff", _("Employees")


# What a process is called in lists, by its kind and audience ("Medborgarbudget").
TYPE_LABELS = {
    (components.BUDGET, Audience.CITIZEN): _("Citizens' budget"),
    (components.BUDGET, Audience.STAFF): _("Staff budget"),
    (components.DIALOGUE, Audience.CITIZEN): _("Citizens' dialogue"),
    (components.DIALOGUE, Audience.STAFF): _("Staff dialogue"),
}


class Eligibility(models.TextChoices):
    SIGNED_IN = "signed_in", _("Everyone who has an account")
    UNIT = "unit", _("Employees of an organisation unit")
    RESIDENTS = "residents", _("Residents of the round's areas")
    # A dialogue open to all (Vansbro's survey at the bath): no vote, so nobody need be known.
    ANYONE = "anyone", _("Everyone, also without an account")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class BudgetRoundQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=RoundStatus.PUBLISHED)

    def visible_to(self, user):
        if is_official(user):
            return self
        return self.published()


class BudgetRound(TimeStamped):
    slug = models.SlugField(_("web address"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=150)
    # The kind of process (processes.components): which components it holds, whether it has
    # money. A callable, so a kind added by a new app needs no migration.
    kind = models.CharField(
        _("kind of process"),
        max_length=16,
        choices=components.kind_choices,
        default=components.BUDGET,
    )
    audience = models.CharField(_("who it is for"), max_length=16, choices=Audience.choices)
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One or two sentences shown in lists.")
    )
    rules_text = models.TextField(
        _("rules"), help_text=_("The rules of the round in plain language."), blank=True
    )
    # Money only where the kind needs it (a budget round); a dialogue has none (clean()).
    total_budget = models.PositiveBigIntegerField(_("total budget (kr)"), null=True, blank=True)
    # The decision the process informs (issue 12): which body decides, on what, and when. A
    # dialogue needs all three before it is published (`publish_problems`); optional for a
    # budget round.
    decision_body = models.CharField(
        _("who decides"),
        max_length=150,
        blank=True,
        help_text=_("The body that makes the decision, for example “Kommunstyrelsen”."),
    )
    decision_subject = models.CharField(
        _("what is decided"),
        max_length=200,
        blank=True,
        help_text=_("What the decision is about, for example “budget 2027”."),
    )
    decision_when = models.CharField(
        _("when it is decided"),
        max_length=60,
        blank=True,
        help_text=_("For example “June 2027”."),
    )
    eligibility = models.CharField(
        _("who may take part"),
        max_length=16,
        choices=Eligibility.choices,
        default=Eligibility.SIGNED_IN,
    )
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("organisation unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Only when employees of a unit take part."),
    )
    # Proposers may show a pseudonym instead of their name (issue 11); proposals.services checks
    # that it names nobody else shown in the round.
    pseudonyms_allowed = models.BooleanField(
        _("proposers may use a pseudonym"),
        default=False,
        help_text=_(
            "A proposer may sign with a name of their own choosing, shown instead of their "
            "name. Case officers still see who sent the proposal."
        ),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    result_published_at = models.DateTimeField(_("result published"), null=True, blank=True)
    # Set by the system; empty once the creator's account is deleted (a round must stay
    # editable then, so blank too).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The case officers who act on the round (its owners). Administrators assign them; the one
    # who creates a round is its first. A round nobody is assigned to is open to every case
    # officer (rounds made before owners existed). processes.rules.is_round_official.
    officials = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("case officers of the round"),
        blank=True,
        related_name="assigned_rounds",
    )

    objects = BudgetRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("budget round")
        verbose_name_plural = _("budget rounds")
        constraints = [
            models.CheckConstraint(
                condition=~Q(eligibility="unit") | Q(unit__isnull=False),
                name="unit_eligibility_names_unit",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("processes:round_detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        spec = self.kind_spec
        if spec.needs_money and not self.total_budget:
            raise ValidationError(
                {"total_budget": _("The budget must be more than 0 kr.")}, code="no_money"
            )
        if self.eligibility == Eligibility.ANYONE and self.holds("voting"):
            raise ValidationError(
                {"eligibility": _("A vote needs to know who votes. Choose who may take part.")},
                code="vote_needs_people",
            )
        if not spec.needs_money and self.total_budget is not None:
            raise ValidationError(
                {"total_budget": _("Only a budget round has money to decide on. Leave it empty.")},
                code="money_not_needed",
            )

    @property
    def informs_decision(self) -> bool:
        """Whether the process says which decision it informs (all three parts given)."""
        return bool(self.decision_body and self.decision_subject and self.decision_when)

    def decision_sentence(self) -> str:
        """ "Kommunstyrelsen beslutar om budget 2027, juni 2027." (empty until all three parts
        are given)."""
        if not self.informs_decision:
            return ""
        return _("%(body)s decides on %(subject)s, %(when)s.") % {
            "body": self.decision_body,
            "subject": self.decision_subject,
            "when": self.decision_when,
        }

    def publish_problems(self) -> list[str]:
        """What stops the process from being published, in sentences (empty: it may be)."""
        problems = []
        spec = self.kind_spec
        if not self.phases.all():
            problems.append(_("Add the phases with their dates before you publish."))
        else:
            have = {p.kind for p in self.phases.all()}
            problems += [
                _("The timetable needs the phase “%(phase)s”.") % {"phase": phases.label(k)}
                for k in spec.required_phases()
                if k not in have
            ]
        if spec.needs_decision and not self.informs_decision:
            problems.append(
                _(
                    "Say which decision the dialogue informs: who decides, on what and when "
                    "(under Details)."
                )
            )
        return problems

    def text_language(self, field: str) -> str:
        """The language `field` (name, summary, rules_text) is shown in on a page in the active
        language: that language when the round has the text in it, else Swedish (the
        fallback, processes/translation.py)."""
        language = (get_language() or "sv").split("-")[0]
        if language == "sv" or getattr(self, f"{field}_{language}", None):
            return language
        return "sv"

    def shown_in_swedish(self) -> bool:
        """Whether a page in another language shows some of the round's texts in Swedish."""
        return any(
            self.text_language(f) == "sv" and getattr(self, f"{f}_sv", "")
            for f in TRANSLATED_FIELDS
        ) and not (get_language() or "sv").startswith("sv")

    # -- the process as a space of components (processes.components, ADR 0004) -----------------

    @property
    def kind_spec(self) -> components.ProcessKind:
        return components.process_kind(self.kind)

    @property
    def type_label(self) -> str:
        return TYPE_LABELS.get((self.kind, self.audience), self.kind_spec.label)

    @property
    def has_money(self) -> bool:
        return self.kind_spec.needs_money

    def audience_sentences(self) -> list[str]:
        """Who may take part, in sentences: the roll's, if the eligibility app says a roll
        decides (components.describe_audience), else the round's own rule."""
        sentences = components.describe_audience(self)
        if sentences:
            return sentences
        rule = self.get_eligibility_display()
        return [f"{rule}: {self.unit}" if self.unit_id else str(rule)]

    def holds(self, component_key: str) -> bool:
        """Whether the process holds a component ("voting", "proposals", ...)."""
        return self.kind_spec.holds(component_key)

    def tabs(self) -> list[tuple[str, str, str]]:
        """(label, URL, key) of the tabs its components add to its pages."""
        return [
            (c.tab[0], reverse(c.tab[1], kwargs={"slug": self.slug}), c.tab[2])
            for c in self.kind_spec.component_specs()
            if c.tab and (c.tab_shown is None or c.tab_shown(self))
        ]

    @property
    def is_published(self) -> bool:
        return self.status == RoundStatus.PUBLISHED

    def phases_in_order(self):
        order = phases.phase_order()
        return sorted(self.phases.all(), key=lambda p: (p.starts_at, order.index(p.kind)))

    def current_phase(self, at=None):
        """The one phase in force at `at`: start inclusive, end exclusive, none in a gap."""
        at = at or timezone.now()
        for phase in self.phases.all():
            if phase.starts_at <= at and (phase.ends_at is None or at < phase.ends_at):
                return phase
        return None

    def current_phase_kind(self, at=None) -> str | None:
        phase = self.current_phase(at)
        return phase.kind if phase else None

    def allows(self, capability: str, at=None) -> bool:
        if not self.is_published:
            return False
        return capability in phases.allowed(self.current_phase_kind(at))

    def phase_of_kind(self, kind: str):
        return next((p for p in self.phases.all() if p.kind == kind), None)

    def has_reached(self, kind: str, at=None) -> bool:
        """True once the phase of `kind` has started (voting opened, result phase began)."""
        phase = self.phase_of_kind(kind)
        return phase is not None and phase.starts_at <= (at or timezone.now())

    def official_ids(self) -> set[int]:
        """The ids of the round's assigned case officers (read once per instance)."""
        if not hasattr(self, "_official_ids"):
            if "officials" in getattr(self, "_prefetched_objects_cache", {}):
                self._official_ids = {o.pk for o in self.officials.all()}
            else:
                self._official_ids = set(self.officials.values_list("pk", flat=True))
        return self._official_ids

    def has_ended(self, kind: str, at=None) -> bool:
        """True once the phase of `kind` has ended, or a phase after it has begun."""
        at = at or timezone.now()
        phase = self.phase_of_kind(kind)
        if phase is not None and phase.ends_at is not None and phase.ends_at <= at:
            return True
        order = phases.phase_order()
        later = order[order.index(kind) + 1 :] if kind in order else []
        return any(self.has_reached(k, at) for k in later)

    def binding_phase(self):
        """The phase whose opening freezes the rules (the vote), or None."""
        keys = phases.binding_keys()
        return next((p for p in self.phases_in_order() if p.kind in keys), None)

    def rules_frozen(self, at=None) -> bool:
        """True once the binding phase (the vote) has opened: who takes part, the money and
        the ballot no longer change (issue 9)."""
        phase = self.binding_phase()
        return phase is not None and phase.starts_at <= (at or timezone.now())

    def binding_phase_closed(self, at=None) -> bool:
        """True once the binding phase (the vote) has closed."""
        phase = self.binding_phase()
        return phase is not None and self.has_ended(phase.kind, at)


class Area(models.Model):
    """A part of the round with its own money (one of Nässjö's eight areas)."""

    budget_round = models.ForeignKey(BudgetRound, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(_("name"), max_length=100)
    budget = models.PositiveBigIntegerField(_("budget (kr)"))
    district = models.ForeignKey(
        "accounts.District",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Residents of this district vote in this area."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            models.UniqueConstraint(fields=["budget_round", "name"], name="area_name_unique")
        ]

    def __str__(self):
        return self.name


class Category(models.Model):
    budget_round = models.ForeignKey(
        BudgetRound, on_delete=models.CASCADE, related_name="categories"
    )
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        ordering = ["name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(fields=["budget_round", "name"], name="category_name_unique")
        ]

    def __str__(self):
        return self.name


class Phase(models.Model):
    budget_round = models.ForeignKey(BudgetRound, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("phase"), max_length=16, choices=phases.choices)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(
        _("ends"), null=True, blank=True, help_text=_("Empty: goes on until further notice.")
    )

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.UniqueConstraint(fields=["budget_round", "kind"], name="one_phase_per_kind"),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="phase_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.get_kind_display()

    def is_current(self, at=None):
        at = at or timezone.now()
        return self.starts_at <= at and (self.ends_at is None or at < self.ends_at)
