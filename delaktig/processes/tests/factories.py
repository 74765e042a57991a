import factory
from django.utils import timezone

from delaktig.processes.components import BUDGET, process_kind
from delaktig.processes.models import Area, BudgetRound, Category, RoundStatus
from delaktig.processes.timeline import move_to


class BudgetRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetRound

    slug = factory.Sequence(lambda n: f"omgang-{n}")
    name = factory.Sequence(lambda n: f"Medborgarbudget {n}")
    audience = "citizen"
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
    return move_to(budget_round, current, now=now, length_days=length_days)


def round_in_phase(current: str | None, **kwargs) -> BudgetRound:
    return set_phases(BudgetRoundFactory(**kwargs), current)


def budget_phases() -> list[str]:
    """The phase kinds a budget round runs through, in order (a dialogue's are others)."""
    return process_kind(BUDGET).phase_kinds()
