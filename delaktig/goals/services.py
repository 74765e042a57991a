"""The writes on effect goals: every change is checked here, audited, and done in one
transaction (views, the import, the demo and tests all come through these functions).

A goal, its indicators and measurements are public records once the goal is published; they
hold no personal data (only `Goal.created_by`, an official's act, emptied with the account).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from delaktig.audit.services import record
from delaktig.core.errors import Conflict, InvalidInput
from delaktig.core.permissions import require

from .models import Direction, Goal, Indicator, Measurement

# What a DecimalField(max_digits=16, decimal_places=4) holds.
MAX_DECIMALS = 4
MAX_ABS_VALUE = Decimal("1e12")

GOAL_FIELDS = ("title", "effect", "unit", "decided_by")
INDICATOR_FIELDS = (
    "name",
    "unit",
    "baseline",
    "baseline_on",
    "target",
    "target_on",
    "direction",
    "source",
)


# -- goals --------------------------------------------------------------------------------------


def _unique_slug(title: str, exclude_pk=None) -> str:
    base = slugify(title)[:70] or "mal"
    slug, n = base, 2
    while Goal.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def create_goal(*, by, data: dict) -> Goal:
    """A new goal, as a draft the public cannot see."""
    require("goals.manage_goals", by)
    with transaction.atomic():
        goal = Goal(created_by=by, slug=_unique_slug(data["title"]))
        for field in GOAL_FIELDS:
            setattr(goal, field, data.get(field, getattr(goal, field)))
        goal.full_clean()
        goal.save()
        record(by, "goal.created", goal)
    return goal


def update_goal(*, by, goal: Goal, data: dict) -> Goal:
    require("goals.change_goal", by, goal)
    changed = [f for f in GOAL_FIELDS if f in data and getattr(goal, f) != data[f]]
    if "unit" in changed and data["unit"] is not None:
        # Moving a goal to a unit the official does not belong to would lock them out of it.
        probe = Goal(unit=data["unit"], created_by=goal.created_by)
        require("goals.change_goal", by, probe)
    with transaction.atomic():
        for field in changed:
            setattr(goal, field, data[field])
        goal.full_clean()
        goal.save()
        record(by, "goal.changed", goal, fields=changed)
    return goal


def publish_problems(goal: Goal) -> list[str]:
    """What stops the goal from being published (the confirmation page lists them too)."""
    problems = []
    if not goal.indicators.exists():
        problems.append(_("The goal has no indicator yet. Add at least one before publishing."))
    return problems


def publish_goal(*, by, goal: Goal) -> Goal:
    require("goals.change_goal", by, goal)
    with transaction.atomic():
        goal = Goal.objects.select_for_update().get(pk=goal.pk)
        if goal.published:
            raise Conflict(_("The goal is already published."))
        if problems := publish_problems(goal):
            raise InvalidInput(problems[0])
        goal.published = True
        goal.save(update_fields=["published", "updated_at"])
        record(by, "goal.published", goal)
    return goal


def unpublish_goal(*, by, goal: Goal) -> Goal:
    require("goals.change_goal", by, goal)
    with transaction.atomic():
        goal = Goal.objects.select_for_update().get(pk=goal.pk)
        if not goal.published:
            raise Conflict(_("The goal is not published."))
        goal.published = False
        goal.save(update_fields=["published", "updated_at"])
        record(by, "goal.unpublished", goal)
    return goal


# -- links --------------------------------------------------------------------------------------


def link_rounds(*, by, goal: Goal, rounds) -> None:
    """The rounds the goal serves become exactly `rounds`."""
    require("goals.change_goal", by, goal)
    with transaction.atomic():
        goal.rounds.set(rounds)
        record(by, "goal.rounds_linked", goal, rounds=sorted(r.pk for r in rounds))


def link_among(*, by, goal: Goal, field: str, shown, chosen) -> tuple[int, int]:
    """Of the proposals or projects `shown` on a filtered page, those `chosen` are linked to
    the goal and the rest unlinked; links to anything not shown stay as they are (a search
    shows a few of hundreds). Returns (added, removed)."""
    require("goals.change_goal", by, goal)
    if field not in ("proposals", "projects"):
        raise ValueError(field)
    shown_ids = {obj.pk for obj in shown}
    chosen_ids = {obj.pk for obj in chosen}
    if not chosen_ids <= shown_ids:
        raise InvalidInput(_("Choose among the ones shown."))
    manager = getattr(goal, field)
    with transaction.atomic():
        linked = set(manager.filter(pk__in=shown_ids).values_list("pk", flat=True))
        to_add, to_remove = chosen_ids - linked, (shown_ids - chosen_ids) & linked
        manager.add(*to_add)
        manager.remove(*to_remove)
        if to_add or to_remove:
            record(
                by,
                f"goal.{field}_linked",
                goal,
                added=sorted(to_add),
                removed=sorted(to_remove),
            )
    return len(to_add), len(to_remove)


def link_projects_of_proposals(*, by, goal: Goal) -> int:
    """Link the projects that carry out the goal's proposals (a funded proposal becomes a
    project, followup.Project.proposal). Run again whenever projects may have been made."""
    require("goals.change_goal", by, goal)
    from delaktig.followup.models import Project

    projects = Project.objects.filter(proposal__effect_goals=goal).exclude(effect_goals=goal)
    ids = list(projects.values_list("pk", flat=True))
    if ids:
        with transaction.atomic():
            goal.projects.add(*ids)
            record(by, "goal.projects_linked", goal, added=sorted(ids), removed=[])
    return len(ids)


# -- indicators ---------------------------------------------------------------------------------


def _check_indicator(goal: Goal, data: dict, *, exclude_pk=None) -> None:
    name = data["name"].strip()
    # The import finds an indicator by its name, in any case (compared in Python: SQLite
    # folds only ASCII letters).
    others = goal.indicators.exclude(pk=exclude_pk).values_list("name", flat=True)
    if name.lower() in {other.strip().lower() for other in others}:
        raise InvalidInput(
            _("The goal already has an indicator with this name. Give each its own name."),
            field="name",
        )
    for field in ("baseline", "target"):
        check_value(data[field], field=field)
    baseline, target = data["baseline"], data["target"]
    if target == baseline:
        raise InvalidInput(
            _(
                "The target is the same as the baseline. Give the level the goal aims for: "
                "higher or lower than today."
            ),
            field="target",
        )
    if data["direction"] == Direction.UP and target < baseline:
        raise InvalidInput(
            _(
                "When higher is better the target must be higher than the baseline. Change "
                "the target or the direction."
            ),
            field="target",
        )
    if data["direction"] == Direction.DOWN and target > baseline:
        raise InvalidInput(
            _(
                "When lower is better the target must be lower than the baseline. Change the "
                "target or the direction."
            ),
            field="target",
        )
    if data.get("target_on") and data["target_on"] <= data["baseline_on"]:
        raise InvalidInput(
            _("The target date must be after the date of the baseline."), field="target_on"
        )


def add_indicator(*, by, goal: Goal, data: dict) -> Indicator:
    require("goals.change_goal", by, goal)
    _check_indicator(goal, data)
    with transaction.atomic():
        position = goal.indicators.count()
        indicator = Indicator(goal=goal, position=position)
        for field in INDICATOR_FIELDS:
            setattr(indicator, field, data.get(field, getattr(indicator, field)))
        indicator.name = indicator.name.strip()
        indicator.full_clean()
        indicator.save()
        record(by, "goal.indicator_added", goal, indicator=indicator.pk, name=indicator.name)
    return indicator


def update_indicator(*, by, indicator: Indicator, data: dict) -> Indicator:
    goal = indicator.goal
    require("goals.change_goal", by, goal)
    _check_indicator(goal, data, exclude_pk=indicator.pk)
    changed = [f for f in INDICATOR_FIELDS if f in data and getattr(indicator, f) != data[f]]
    with transaction.atomic():
        for field in changed:
            setattr(indicator, field, data[field])
        indicator.name = indicator.name.strip()
        indicator.full_clean()
        indicator.save()
        record(by, "goal.indicator_changed", goal, indicator=indicator.pk, fields=changed)
    return indicator


def delete_indicator(*, by, indicator: Indicator) -> None:
    goal = indicator.goal
    require("goals.change_goal", by, goal)
    with transaction.atomic():
        count = indicator.measurements.count()
        if goal.published and goal.indicators.count() == 1:
            raise Conflict(
                _(
                    "A published goal needs at least one indicator. Add another first, or "
                    "unpublish the goal."
                )
            )
        record(
            by,
            "goal.indicator_deleted",
            goal,
            indicator=indicator.pk,
            name=indicator.name,
            measurements=count,
        )
        indicator.delete()


# -- measurements -------------------------------------------------------------------------------


def check_value(value: Decimal, *, field: str = "value") -> None:
    """A number the database can hold: at most four decimals and under a million million."""
    if not value.is_finite():
        raise InvalidInput(_("Write the value as a number, for example 12,5."), field=field)
    if abs(value) >= MAX_ABS_VALUE:
        raise InvalidInput(_("The number is too large."), field=field)
    if value != value.quantize(Decimal(1).scaleb(-MAX_DECIMALS)):
        raise InvalidInput(_("Write the value with at most four decimals."), field=field)


def check_measured_on(measured_on: date, *, field: str = "measured_on") -> None:
    if measured_on > timezone.localdate():
        raise InvalidInput(
            _("The date is in the future. Give the date the value was measured."), field=field
        )


@dataclass(frozen=True)
class MeasurementData:
    indicator: Indicator
    measured_on: date
    value: Decimal
    comment: str = ""


def add_measurement(*, by, indicator: Indicator, measured_on, value, comment="") -> Measurement:
    goal = indicator.goal
    require("goals.change_goal", by, goal)
    check_value(value)
    check_measured_on(measured_on)
    with transaction.atomic():
        # Lock the indicator: two officials typing the same date cannot both pass the check.
        Indicator.objects.select_for_update().get(pk=indicator.pk)
        if indicator.measurements.filter(measured_on=measured_on).exists():
            raise Conflict(
                _(
                    "The indicator already has a value for this date. Change that value, or "
                    "remove it first."
                ),
                field="measured_on",
            )
        measurement = Measurement.objects.create(
            indicator=indicator, measured_on=measured_on, value=value, comment=comment.strip()
        )
        record(
            by,
            "goal.measurement_added",
            goal,
            indicator=indicator.pk,
            measured_on=measured_on.isoformat(),
            value=str(value),
        )
    return measurement


def update_measurement(*, by, measurement: Measurement, value, comment="") -> Measurement:
    """Correct a value or its comment (the date is what identifies it: remove and add to move
    it)."""
    goal = measurement.indicator.goal
    require("goals.change_goal", by, goal)
    check_value(value)
    with transaction.atomic():
        old = str(measurement.value)
        measurement.value, measurement.comment = value, comment.strip()
        measurement.save(update_fields=["value", "comment"])
        record(
            by,
            "goal.measurement_changed",
            goal,
            indicator=measurement.indicator_id,
            measured_on=measurement.measured_on.isoformat(),
            old=old,
            new=str(value),
        )
    return measurement


def delete_measurement(*, by, measurement: Measurement) -> None:
    goal = measurement.indicator.goal
    require("goals.change_goal", by, goal)
    with transaction.atomic():
        record(
            by,
            "goal.measurement_deleted",
            goal,
            indicator=measurement.indicator_id,
            measured_on=measurement.measured_on.isoformat(),
            value=str(measurement.value),
        )
        measurement.delete()


def import_measurements(*, by, goal: Goal, rows: list[MeasurementData]) -> int:
    """Store the checked rows of an import file, all or none. The rows were checked when the
    file was read (goals.imports); the dates already stored are checked again here, under a
    lock, because someone may have typed one in while the file waited for confirmation."""
    require("goals.change_goal", by, goal)
    if not rows:
        raise InvalidInput(_("The file has no values to import."))
    indicator_ids = {row.indicator.pk for row in rows}
    with transaction.atomic():
        indicators = list(
            Indicator.objects.select_for_update().filter(goal=goal, pk__in=indicator_ids)
        )
        if len(indicators) != len(indicator_ids):
            raise Conflict(
                _("An indicator in the file has been removed meanwhile. Check the file again.")
            )
        wanted = {(row.indicator.pk, row.measured_on) for row in rows}
        taken = {
            pair
            for pair in Measurement.objects.filter(indicator__in=indicators).values_list(
                "indicator_id", "measured_on"
            )
            if pair in wanted
        }
        if taken:
            raise Conflict(
                ngettext(
                    "%(count)d value in the file was stored by someone else meanwhile. "
                    "Nothing was imported: check the file again.",
                    "%(count)d values in the file were stored by someone else meanwhile. "
                    "Nothing was imported: check the file again.",
                    len(taken),
                )
                % {"count": len(taken)}
            )
        Measurement.objects.bulk_create(
            Measurement(
                indicator=row.indicator,
                measured_on=row.measured_on,
                value=row.value,
                comment=row.comment,
            )
            for row in rows
        )
        record(by, "goal.measurements_imported", goal, count=len(rows))
    return len(rows)
