"""A timetable with a chosen phase running now: for demo data and tests."""

from datetime import datetime, timedelta

from django.utils import timezone

from .models import Phase
from .phases import phase_order


def plan(
    current: str | None, *, now: datetime | None = None, length_days: int = 10, kinds=None
) -> dict:
    """Every phase (or those of `kinds`) of `length_days` each, `current` running now (None:
    not started yet)."""
    now = now or timezone.now()
    order = kinds or phase_order()
    index = order.index(current) if current else -1
    start = now - timedelta(days=length_days * index + 1) if current else now + timedelta(days=1)
    schedule = {}
    for i, kind in enumerate(order):
        starts = start + timedelta(days=length_days * i)
        ends = None if i == len(order) - 1 else starts + timedelta(days=length_days)
        schedule[kind] = (starts, ends)
    return schedule


def move_to(budget_round, current: str | None, **kwargs):
    """Rewrite the round's phases so `current` runs now. Bypasses the locks of set_schedule on
    purpose: it simulates time passing, which only demo data and tests may do."""
    budget_round.phases.all().delete()
    kinds = budget_round.kind_spec.phase_kinds()
    for kind, (starts, ends) in plan(current, kinds=kinds, **kwargs).items():
        Phase.objects.create(budget_round=budget_round, kind=kind, starts_at=starts, ends_at=ends)
    budget_round._prefetched_objects_cache = {}
    return budget_round
