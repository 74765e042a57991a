"""Every write to budget rounds: set-up, areas, phases, categories, publishing."""

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from delaktig.audit.services import record
from delaktig.core.errors import Conflict, InvalidInput, NotAllowed
from delaktig.core.permissions import is_second_official, require

from . import phases as phase_registry
from .models import TRANSLATED_FIELDS, Area, BudgetRound, Category, Phase, RoundStatus

ROUND_FIELDS = [
    "name_sv",
    "name_en",
    "kind",
    "audience",
    "summary_sv",
    "summary_en",
    "rules_text_sv",
    "rules_text_en",
    "decision_body_sv",
    "decision_body_en",
    "decision_subject_sv",
    "decision_subject_en",
    "decision_when_sv",
    "decision_when_en",
    "total_budget",
    "eligibility",
    "unit",
    "pseudonyms_allowed",
]
# A round's texts in Swedish and English (processes/translation.py). "name", "summary" and the
# others given without a language are the Swedish ones.
TEXT_FIELDS = TRANSLATED_FIELDS


def _in_languages(data: dict) -> dict:
    data = dict(data)
    for field in TEXT_FIELDS:
        if field in data:
            data.setdefault(f"{field}_sv", data.pop(field))
    for field in TEXT_FIELDS:
        if f"{field}_en" in data and data[f"{field}_en"] is None:
            data[f"{field}_en"] = ""
    return data


MONEY_FIELDS = {"total_budget"}
# Who may vote is decided before voting opens and never changes while people vote (issue 9):
# switching a unit round to "everyone" mid-vote would let anyone in.
WHO_VOTES_FIELDS = {"eligibility", "unit"}


def _require_official(user, budget_round=None):
    """A case officer of this round (assigned to it; processes.rules.is_round_official)."""
    require("processes.change_budgetround", user, budget_round)


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "omgang"
    slug, n = base, 2
    while BudgetRound.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def money_locked(budget_round: BudgetRound) -> bool:
    """Money and areas are part of what voters decide on: frozen once voting opens."""
    return budget_round.rules_frozen()


def create_round(*, by, data: dict) -> BudgetRound:
    _require_official(by)
    data = _in_languages(data)
    with transaction.atomic():
        budget_round = BudgetRound(created_by=by, slug=_unique_slug(data["name_sv"]))
        for field in ROUND_FIELDS:
            setattr(budget_round, field, data.get(field, getattr(budget_round, field)))
        budget_round.full_clean()
        budget_round.save()
        budget_round.officials.add(by)  # the one who creates a round is its first case officer
        record(by, "round.created", budget_round)
    return budget_round


def update_round(*, by, budget_round: BudgetRound, data: dict) -> BudgetRound:
    _require_official(by, budget_round)
    data = _in_languages(data)
    changed = [f for f in ROUND_FIELDS if f in data and getattr(budget_round, f) != data[f]]
    if "kind" in changed and budget_round.phases.exists():
        raise Conflict(
            _("The kind of process cannot change once it has a timetable."), field="kind"
        )
    if money_locked(budget_round) and MONEY_FIELDS & set(changed):
        raise Conflict(_("The budget cannot be changed after voting has opened."))
    if money_locked(budget_round) and WHO_VOTES_FIELDS & set(changed):
        raise Conflict(
            _("Voting has opened, so who may take part can no longer be changed."),
            field="eligibility",
        )
    with transaction.atomic():
        for field in changed:
            setattr(budget_round, field, data[field])
        budget_round.full_clean()
        budget_round.save()
        record(by, "round.changed", budget_round, fields=changed)
    return budget_round


@dataclass(frozen=True)
class AreaData:
    name: str
    budget: int
    district_id: int | None = None
    pk: int | None = None
    delete: bool = False


def save_areas(*, by, budget_round: BudgetRound, areas: list[AreaData]) -> list[Area]:
    _require_official(by, budget_round)
    if money_locked(budget_round):
        raise Conflict(_("Areas and their money cannot be changed after voting has opened."))
    kept = [a for a in areas if not a.delete]
    if sum(a.budget for a in kept) > (budget_round.total_budget or 0):
        raise InvalidInput(_("The areas' budgets add up to more than the round's total budget."))
    names = [a.name.strip().lower() for a in kept]
    if len(names) != len(set(names)):
        raise InvalidInput(_("Two areas have the same name."))
    try:
        with transaction.atomic():
            for data in areas:
                if data.pk and data.delete:
                    Area.objects.filter(budget_round=budget_round, pk=data.pk).delete()
            for position, data in enumerate(kept):
                area = (
                    Area.objects.get(budget_round=budget_round, pk=data.pk)
                    if data.pk
                    else Area(budget_round=budget_round)
                )
                area.name, area.budget = data.name.strip(), data.budget
                area.district_id, area.position = data.district_id, position
                area.save()
            record(by, "round.areas_changed", budget_round, areas=[a.name for a in kept])
    except Area.DoesNotExist as error:
        raise InvalidInput(_("An area does not belong to this round.")) from error
    except IntegrityError as error:
        raise Conflict(
            _("An area that already has proposals cannot be removed. Move its proposals first.")
        ) from error
    return list(budget_round.areas.all())


def validate_phases(
    schedule: dict[str, tuple[datetime, datetime | None]], budget_round: BudgetRound
) -> None:
    """The phases a process of this kind can have, those it must have (a budget round's vote),
    in the registered order, each ending after it starts, without overlap."""
    spec = budget_round.kind_spec
    possible = spec.phase_kinds()
    for kind in schedule:
        if kind not in possible:
            raise InvalidInput(
                _("A %(process)s has no phase “%(phase)s”.")
                % {"process": str(spec.label).lower(), "phase": phase_registry.label(kind)}
            )
    for kind in spec.required_phases():
        if kind not in schedule:
            raise InvalidInput(
                _("A %(process)s needs the phase “%(phase)s”.")
                % {"process": str(spec.label).lower(), "phase": phase_registry.label(kind)}
            )
    if not schedule:
        raise InvalidInput(_("Give at least one phase with its dates."))
    ordered = [(k, schedule[k]) for k in phase_registry.phase_order() if k in schedule]
    for index, (kind, (starts, ends)) in enumerate(ordered):
        label = phase_registry.label(kind)
        is_last = index == len(ordered) - 1
        if ends is None and not is_last:
            raise InvalidInput(_("The phase “%(phase)s” needs an end.") % {"phase": label})
        if ends is not None and ends <= starts:
            raise InvalidInput(
                _("The phase “%(phase)s” must end after it starts.") % {"phase": label}
            )
        if not is_last and ordered[index + 1][1][0] < ends:
            raise InvalidInput(
                _("The phase “%(next)s” starts before “%(phase)s” has ended.")
                % {"next": phase_registry.label(ordered[index + 1][0]), "phase": label}
            )


def _same_minute(a: datetime | None, b: datetime | None) -> bool:
    """The timetable form shows whole minutes: a stored 09:00:30 comes back as 09:00."""
    if a is None or b is None:
        return a is b
    return a.replace(second=0, microsecond=0) == b.replace(second=0, microsecond=0)


def _keep_stored_seconds(budget_round, schedule: dict) -> dict:
    """A time sent back unchanged (to the minute) keeps its stored value, seconds and all."""
    stored = {p.kind: (p.starts_at, p.ends_at) for p in budget_round.phases.all()}
    kept = {}
    for kind, (starts, ends) in schedule.items():
        old_starts, old_ends = stored.get(kind, (None, None))
        kept[kind] = (
            old_starts if _same_minute(starts, old_starts) and starts else starts,
            old_ends if _same_minute(ends, old_ends) and ends else ends,
        )
    return kept


def _check_binding_window(budget_round, kind, window, now) -> None:
    """Whether a new timetable may have this binding phase (the vote), given the stored one
    (issue 9).

    Before voting opens anything goes. Once it has opened the start stays; the end may only
    move later, and only while voting is still open: closing early to peek at an interim
    count and re-opening, or re-opening after the result, would let the outcome be steered.
    `window` has been through _keep_stored_seconds: an unchanged time equals the stored one."""
    current = budget_round.phase_of_kind(kind)
    if window is None:
        if current is not None and current.starts_at <= now:
            raise Conflict(_("Voting has opened; it can no longer be removed."))
        return
    starts, ends = window
    if current is None or current.starts_at > now:
        return
    if starts != current.starts_at:
        raise Conflict(_("Voting has opened; its start can no longer be moved."))
    if ends == current.ends_at:
        return
    if current.ends_at is not None and current.ends_at <= now:
        raise Conflict(
            _("Voting has closed. When it opened and closed can no longer be changed."),
        )
    if ends is None:
        raise Conflict(_("Voting has opened; it needs an end, and the end can only be later."))
    if ends <= now or (current.ends_at is not None and ends < current.ends_at):
        raise Conflict(
            _(
                "Voting has opened, so it can only be extended: the new end must be later than "
                "the current end and still to come."
            )
        )


def set_schedule(*, by, budget_round: BudgetRound, schedule: dict) -> list[Phase]:
    """Replace the round's phases. Once voting has opened its start is fixed and its end can
    only move later while it is still open; after the close the voting window never changes."""
    _require_official(by, budget_round)
    now = timezone.now()
    schedule = _keep_stored_seconds(budget_round, schedule)
    validate_phases(schedule, budget_round)
    for kind in phase_registry.binding_keys():
        _check_binding_window(budget_round, kind, schedule.get(kind), now)
    binding = budget_round.binding_phase()
    if binding is not None and binding.starts_at <= now:
        # Phases before voting are history once it has opened; they keep their stored times.
        order = phase_registry.phase_order()
        for phase in budget_round.phases.all():
            if order.index(phase.kind) < order.index(binding.kind) and schedule.get(phase.kind) != (
                phase.starts_at,
                phase.ends_at,
            ):
                raise Conflict(
                    _("Voting has opened; the phases before it can no longer be changed.")
                )
    with transaction.atomic():
        budget_round.phases.all().delete()
        phases = [
            Phase.objects.create(budget_round=budget_round, kind=k, starts_at=s, ends_at=e)
            for k, (s, e) in schedule.items()
        ]
        record(
            by,
            "round.schedule_changed",
            budget_round,
            phases={
                k: [s.isoformat(), e.isoformat() if e else None] for k, (s, e) in schedule.items()
            },
        )
    budget_round._prefetched_objects_cache = {}
    return phases


def save_categories(*, by, budget_round: BudgetRound, names: list[str]) -> list[Category]:
    _require_official(by, budget_round)
    wanted = list(dict.fromkeys(n.strip() for n in names if n.strip()))
    with transaction.atomic():
        budget_round.categories.exclude(name__in=wanted).delete()
        for name in wanted:
            Category.objects.get_or_create(budget_round=budget_round, name=name)
        record(by, "round.categories_changed", budget_round, categories=wanted)
    return list(budget_round.categories.all())


def publish_round(*, by, budget_round: BudgetRound) -> BudgetRound:
    _require_official(by, budget_round)
    if budget_round.is_published:
        raise Conflict(_("The round is already published."))
    problems = budget_round.publish_problems()
    if problems:  # no timetable; a dialogue without its open phase or the decision it informs
        raise InvalidInput(" ".join(str(p) for p in problems))
    with transaction.atomic():
        budget_round.status = RoundStatus.PUBLISHED
        budget_round.published_at = timezone.now()
        budget_round.save(update_fields=["status", "published_at", "updated_at"])
        record(by, "round.published", budget_round)
    return budget_round


def assign_officials(*, by, budget_round: BudgetRound, officials) -> list:
    """Choose the case officers of a round (administrators only). Only they act on it."""
    require("processes.assign_officials", by, budget_round)
    officials = list(officials)
    if any(not (o.is_official and o.is_active) for o in officials):
        raise InvalidInput(_("Only active case officers can be chosen."), field="officials")
    with transaction.atomic():
        before = sorted(budget_round.officials.values_list("pk", flat=True))
        budget_round.officials.set(officials)
        budget_round.__dict__.pop("_official_ids", None)
        record(
            by,
            "round.officials_assigned",
            budget_round,
            officials=sorted(o.pk for o in officials),
            previously=before,
        )
    return officials


def open_binding_phase_now(*, by, budget_round: BudgetRound) -> Phase:
    """ "Öppna omröstningen nu" (issue 11): the binding phase (the vote) starts now instead of at
    its planned time. A phase before it that is running ends now; one that has not begun is
    skipped. From this moment the round's rules are frozen, as when voting opens by the clock."""
    _require_official(by, budget_round)
    now = timezone.now()
    phase = budget_round.binding_phase()
    if phase is None:
        raise InvalidInput(_("This round has no voting phase. Add it to the timetable first."))
    if not budget_round.is_published:
        raise Conflict(_("Publish the round before voting can open."))
    if phase.starts_at <= now:
        raise Conflict(_("Voting has already opened."))
    if phase.ends_at is not None and phase.ends_at <= now:
        raise Conflict(_("The planned end of voting has passed. Change the timetable first."))
    problems = budget_round.kind_spec.opening_problems(budget_round)
    if problems:
        raise Conflict(" ".join(problems))  # e.g. an empty ballot (issue 11, broken 6)
    order = phase_registry.phase_order()
    with transaction.atomic():
        skipped = []
        for earlier in budget_round.phases.select_for_update():
            if order.index(earlier.kind) >= order.index(phase.kind):
                continue
            if earlier.starts_at >= now:
                skipped.append(earlier.kind)
                earlier.delete()
            elif earlier.ends_at is None or earlier.ends_at > now:
                earlier.ends_at = now
                earlier.save(update_fields=["ends_at"])
        planned = phase.starts_at
        phase.starts_at = now
        phase.save(update_fields=["starts_at"])
        record(
            by,
            "round.voting_opened_now",
            budget_round,
            planned_start=planned.isoformat(),
            skipped=skipped,
        )
    budget_round._prefetched_objects_cache = {}
    return phase


def close_binding_phase_now(*, by, budget_round: BudgetRound, approved_by) -> Phase:
    """ "Stäng nu" (issue 11): the vote ends now, before its planned end. Issue 9 lets the end
    move only later, so that one official cannot close early to look at an interim count; here
    a second case officer must approve (`approved_by`, through the voting app's four-eyes step),
    and the close is final: a closed vote is never re-opened (set_schedule). The phase after it
    starts now."""
    _require_official(by, budget_round)
    if not is_second_official(
        by=by, approved_by=approved_by, permission="processes.change_budgetround", obj=budget_round
    ):
        raise NotAllowed(
            _("Closing voting early needs the approval of a second case officer of the round.")
        )
    now = timezone.now()
    phase = budget_round.binding_phase()
    if phase is None or phase.starts_at > now:
        raise Conflict(_("Voting has not opened."))
    if phase.ends_at is not None and phase.ends_at <= now:
        raise Conflict(_("Voting has already closed."))
    order = phase_registry.phase_order()
    with transaction.atomic():
        planned = phase.ends_at
        phase.ends_at = now
        phase.save(update_fields=["ends_at"])
        later = [
            p
            for p in budget_round.phases.select_for_update()
            if order.index(p.kind) > order.index(phase.kind)
        ]
        if later:
            following = min(later, key=lambda p: order.index(p.kind))
            if following.starts_at > now:
                following.starts_at = now
                following.save(update_fields=["starts_at"])
        record(
            by,
            "round.voting_closed_early",
            budget_round,
            planned_end=planned.isoformat() if planned else None,
            approved_by=approved_by.pk,
        )
    budget_round._prefetched_objects_cache = {}
    return phase
