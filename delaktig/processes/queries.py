from delaktig.core.permissions import load

from .models import BudgetRound


def rounds_with_phases():
    """Rounds with what every round page reads: the unit, the eligibility settings (the
    eligibility question asks them), the phases and the areas."""
    return BudgetRound.objects.select_related("unit", "eligibility_settings").prefetch_related(
        "phases", "areas"
    )


def get_round_for(user, slug: str, permission: str | None = None) -> BudgetRound:
    """Load a round the user may see (drafts only for officials, as a preview); with
    `permission`, refuse (403, with the reason) a person who may not do it on this round.
    core.permissions.load: the role before the lookup, 404 for what one may not see."""
    return load(
        user,
        rounds_with_phases(),
        permission=permission,
        visible_if="processes.view_budgetround",
        slug=slug,
    )
