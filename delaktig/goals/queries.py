"""Reads of effect goals, shaped for pages and for other apps. Queries write nothing; the
caller checks permissions (`goal_for` answers 404 for a draft the person may not see).

For other apps (the council report, a round's page): `goals_for_round(round)` gives the
published goals a round serves, each with its indicators and their measurements prefetched,
in a fixed number of queries however many measurements there are. Read per indicator:
`indicator.baseline`, `.baseline_on`, `.target`, `.target_on`, `.get_direction_display()`,
`.unit`, `.source`, `indicator.measurements.all()` (date order), `.latest()` and
`.share_of_way()`; `goals.charts.trend(indicator)` draws the chart.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from delaktig.core.permissions import load
from delaktig.processes.models import RoundStatus
from delaktig.proposals.models import Proposal

from .models import Goal, Indicator, Measurement

# Published goals, and drafts to those who keep them (goals.rules).
PERM_VIEW = "goals.view_goal"


def _with_indicators(goals: QuerySet) -> QuerySet:
    return goals.select_related("unit").prefetch_related(
        Prefetch(
            "indicators",
            queryset=Indicator.objects.order_by("position", "id").prefetch_related(
                Prefetch("measurements", queryset=Measurement.objects.order_by("measured_on"))
            ),
        )
    )


def published_goals() -> QuerySet:
    """Every published goal, for the public list (three queries with the indicators)."""
    return _with_indicators(Goal.objects.filter(published=True))


def goals_for_round(budget_round) -> list[Goal]:
    """The published goals `budget_round` serves, with indicators and measurements prefetched
    (three queries). The council report and the round's page read this."""
    return list(_with_indicators(Goal.objects.filter(published=True, rounds=budget_round)))


def goal_for(user, slug: str, permission: str | None = None) -> Goal:
    """The goal at `slug` with its indicators and measurements, or 404 when it does not exist
    or is a draft `user` may not see; 403 with the reason when `permission` fails."""
    return load(
        user,
        _with_indicators(Goal.objects.all()),
        permission=permission,
        visible_if=PERM_VIEW,
        slug=slug,
    )


def goal_to_manage(user, slug: str) -> Goal:
    """The goal at `slug` for its manage pages: 403 with the reason for a person who may not
    keep it (another unit's official, a resident), 404 when there is none."""
    return load(
        user, _with_indicators(Goal.objects.all()), permission="goals.change_goal", slug=slug
    )


def public_links(goal: Goal) -> dict:
    """What a goal's public page links to: the published rounds, the published proposals and
    the projects of published rounds it serves. Three queries."""
    rounds = list(goal.rounds.published().order_by("name"))
    proposals = list(
        Proposal.objects.published()
        .filter(effect_goals=goal, budget_round__status=RoundStatus.PUBLISHED)
        .select_related("budget_round")
        .order_by("budget_round__name", "title")
    )
    projects = list(
        goal.projects.filter(budget_round__status=RoundStatus.PUBLISHED)
        .select_related("budget_round")
        .order_by("title")
    )
    return {"rounds": rounds, "proposals": proposals, "projects": projects}


def manage_goals() -> QuerySet:
    """The goals under "Hantera", drafts first."""
    return Goal.objects.select_related("unit").order_by("published", "title")


def proposals_to_pick(goal: Goal, *, round_id=None, search: str = "", limit: int = 100):
    """Proposals an official can link the goal to, filtered by round and words in the title
    (there may be hundreds): (those shown, how many match). The linked ones come first."""
    proposals = Proposal.objects.published().select_related("budget_round")
    return _pick(proposals, goal.proposals, round_id=round_id, search=search, limit=limit)


def projects_to_pick(goal: Goal, *, round_id=None, search: str = "", limit: int = 100):
    from delaktig.followup.models import Project

    projects = Project.objects.select_related("budget_round")
    return _pick(projects, goal.projects, round_id=round_id, search=search, limit=limit)


def _pick(queryset, linked, *, round_id, search, limit):
    if round_id:
        queryset = queryset.filter(budget_round_id=round_id)
    for word in search.split()[:5]:
        queryset = queryset.filter(Q(title__icontains=word))
    linked_ids = set(linked.values_list("pk", flat=True))
    total = queryset.count()
    shown = list(queryset.order_by("budget_round__name", "title", "pk")[:limit])
    for obj in shown:
        obj.is_linked = obj.pk in linked_ids
    shown.sort(key=lambda o: not o.is_linked)
    return shown, total
