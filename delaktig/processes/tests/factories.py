from datetime import timedelta

import factory
from django.utils import timezone

from delaktig.processes.models import Area, BudgetRound, Category, Phase, RoundStatus
from delaktig.processes.phases import PHASE_ORDER


class BudgetRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetRound

    slug = factory.Sequence(lambda n: f"omgang-{n}")
    name = factory.Sequence(lambda n: f"Medborgarbudget {n}")
    kind = "citizen"
    summary = "Var med och bestäm hur pengarna ska användas."
    total_budget = 500_000
    status = RoundStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    budget_round = factory.SubFactory(BudgetRoundFactory)
    name = factory.Sequence(lambda n: f"Område {n}")
    budget = 100_000


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    budget_round = factory.SubFactory(BudgetRoundFactory)
    name = factory.Sequence(lambda n: f"Kategori {n}")


def set_phases(budget_round, current: str | None, *, now=None, length_days: int = 10):
    """Give the round all six phases, with `current` running now (None: not started yet)."""
    now = now or timezone.now()
    budget_round.phases.all().delete()
    index = PHASE_ORDER.index(current) if current else -1
    start = now - timedelta(days=length_days * index + 1) if current else now + timedelta(days=1)
    for i, kind in enumerate(PHASE_ORDER):
        starts = start + timedelta(days=length_days * i)
        ends = None if i == len(PHASE_ORDER) - 1 else starts + timedelta(days=length_days)
        Phase.objects.create(budget_round=budget_round, kind=kind, starts_at=starts, ends_at=ends)
    return budget_round


def round_in_phase(current: str | None, **kwargs) -> BudgetRound:
    return set_phases(BudgetRoundFactory(**kwargs), current)
