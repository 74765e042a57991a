"""Effect goals (Söderhamn's model): elected members set the effect sought, officials follow it.

- `Goal`: the effect sought, for the whole municipality or one unit, linked to the rounds,
  proposals and projects that serve it.
- `Indicator`: how the effect is measured: name, unit, baseline, target, which direction is
  better, and the source of the figures.
- `Measurement`: one value of an indicator on a date, typed in or imported from CSV/XLSX.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from delaktig.core.models import TimeStamped


class Goal(TimeStamped):
    title = models.CharField(_("goal"), max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    effect = models.TextField(_("the effect sought"))  # Markdown
    unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("organisation unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="effect_goals",
        help_text=_("Empty when the goal is the whole municipality's."),
    )
    decided_by = models.CharField(_("decided by"), max_length=150, blank=True)
    rounds = models.ManyToManyField(
        "processes.BudgetRound", verbose_name=_("rounds"), blank=True, related_name="effect_goals"
    )
    proposals = models.ManyToManyField(
        "proposals.Proposal", verbose_name=_("proposals"), blank=True, related_name="effect_goals"
    )
    projects = models.ManyToManyField(
        "followup.Project", verbose_name=_("projects"), blank=True, related_name="effect_goals"
    )
    published = models.BooleanField(_("published"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("effect goal")
        verbose_name_plural = _("effect goals")
        ordering = ["title", "id"]

    def __str__(self):
        return self.title


class Direction(models.TextChoices):
    UP = "up", _("Higher is better")
    DOWN = "down", _("Lower is better")


class Indicator(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, help_text=_("For example %, kr or people."))
    baseline = models.DecimalField(_("baseline"), max_digits=16, decimal_places=4)
    baseline_on = models.DateField(_("date of the baseline"))
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=4)
    target_on = models.DateField(_("target date"), null=True, blank=True)
    direction = models.CharField(
        _("direction"), max_length=4, choices=Direction.choices, default=Direction.UP
    )
    source = models.CharField(_("source"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "id"]

    def __str__(self):
        return self.name

    # The methods below read `self.measurements.all()`: prefetch them (goals.queries) and a
    # page of many indicators stays at one query for all their measurements.

    def latest(self):
        """The most recent measurement, or None."""
        measurements = list(self.measurements.all())
        return max(measurements, key=lambda m: m.measured_on) if measurements else None

    def share_of_way(self) -> int | None:
        """How far the latest value has come from the baseline towards the target, in per
        cent (negative when it went the wrong way; over 100 when it passed the target)."""
        latest = self.latest()
        if latest is None or self.target == self.baseline:
            return None
        return round(100 * (latest.value - self.baseline) / (self.target - self.baseline))


class Measurement(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    comment = models.CharField(_("comment"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["measured_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "measured_on"], name="one_measurement_per_indicator_and_date"
            )
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.measured_on})"
