from django.utils import timezone

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


OPEN, COMING, FINISHED = "open", "coming", "finished"


def by_state(processes, at=None) -> dict[str, list[BudgetRound]]:
    """Processes sorted into open now (begun, not over), coming (not begun) and finished (every
    phase over), each with `state_date`: when what is running ends, when it begins, or when it
    ended. Reads only the prefetched phases: one query for any number of processes."""
    at = at or timezone.now()
    groups: dict[str, list[BudgetRound]] = {OPEN: [], COMING: [], FINISHED: []}
    for process in processes:
        ordered = process.phases_in_order()
        if not ordered or at < ordered[0].starts_at:
            process.state_date = ordered[0].starts_at if ordered else None
            groups[COMING].append(process)
        elif all(p.ends_at is not None and p.ends_at <= at for p in ordered):
            process.state_date = max(p.ends_at for p in ordered)
            groups[FINISHED].append(process)
        else:
            phase = process.current_phase(at)
            process.state_date = phase.ends_at if phase else None
            groups[OPEN].append(process)
    groups[OPEN].sort(key=lambda p: (p.state_date is None, p.state_date or at))
    groups[COMING].sort(key=lambda p: (p.state_date is None, p.state_date or at))
    groups[FINISHED].sort(key=lambda p: p.state_date, reverse=True)
    return groups
