from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import BudgetRound


def rounds_with_phases():
    """Rounds with what every round page reads: the unit, the phases and the areas."""
    return BudgetRound.objects.select_related("unit").prefetch_related("phases", "areas")


def get_round_for(user, slug: str) -> BudgetRound:
    """Load a round the user may see: drafts only for officials (preview)."""
    budget_round = get_object_or_404(rounds_with_phases(), slug=slug)
    if not user.has_perm("processes.view_budgetround", budget_round):
        raise Http404
    return budget_round
