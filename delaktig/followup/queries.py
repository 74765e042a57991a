"""Reads of the follow-up for its pages and for other apps (goals, the council report).

Every page reads a fixed number of queries, however many projects and updates a round has
(tests count them with 3 and 30 projects; bench/followup.py with 300 projects and 5 000
updates)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Max, Prefetch, Q
from django.utils import timezone

from delaktig.proposals.models import Proposal
from delaktig.results import queries as results_queries
from delaktig.voting.queries import proposals_in_boxes

from .models import Decision, Project, ProjectStatus, ProjectUpdate, StatusChange
from .rules import decision_of


def ballot_proposal_ids(budget_round) -> set[int]:
    """The proposals that were on the round's ballots: what a decision may fund."""
    return {pid for ids in proposals_in_boxes(budget_round).values() for pid in ids}


def counted_winner_ids(budget_round) -> set[int]:
    """The proposals the published count selected (the decision's default)."""
    return results_queries.funded_proposal_ids(budget_round)


def ballot_proposals(budget_round):
    return (
        Proposal.objects.filter(pk__in=ballot_proposal_ids(budget_round))
        .select_related("area")
        .order_by("area__position", "area__name", "title", "pk")
    )


def officials():
    return (
        get_user_model()
        .objects.filter(is_official=True, is_active=True)
        .order_by("full_name", "email")
    )


def published_decision(budget_round) -> Decision | None:
    decision = decision_of(budget_round)
    return decision if decision is not None and decision.published_at else None


@dataclass
class Row:
    """One project on the overview (read with values(): no model instances for 300 rows)."""

    pk: int
    title: str
    status: str
    status_label: str
    area: str
    budgeted: int
    spent: int | None
    progress: int | None
    last_update: object


def project_rows(budget_round) -> list[Row]:
    """The round's projects with the date of their latest published update: one query."""
    labels = dict(ProjectStatus.choices)
    rows = (
        Project.objects.filter(budget_round=budget_round)
        .annotate(last_update=Max("updates__dated", filter=Q(updates__published_at__isnull=False)))
        .order_by("proposal__area__position", "proposal__area__name", "title", "pk")
        .values_list(
            "pk",
            "title",
            "status",
            "proposal__area__name",
            "budgeted_cost",
            "actual_cost",
            "progress",
            "last_update",
        )
    )
    return [
        Row(pk, title, status, str(labels[status]), area or "", budgeted, spent, progress, last)
        for pk, title, status, area, budgeted, spent, progress, last in rows
    ]


@dataclass
class Money:
    budgeted: int = 0
    spent: int = 0


@dataclass
class Overview:
    projects: list
    total: Money = field(default_factory=Money)
    by_status: list = field(default_factory=list)  # [(status, label, count, Money)]


def overview(budget_round) -> Overview:
    rows = project_rows(budget_round)
    result = Overview(projects=rows)
    counts: Counter = Counter()
    money: dict[str, Money] = {s: Money() for s in ProjectStatus.values}
    for row in rows:
        counts[row.status] += 1
        money[row.status].budgeted += row.budgeted
        money[row.status].spent += row.spent or 0
        result.total.budgeted += row.budgeted
        result.total.spent += row.spent or 0
    result.by_status = [
        (status, label, counts[status], money[status])
        for status, label in ProjectStatus.choices
        if counts[status]
    ]
    return result


def project_for_page(budget_round, pk: int) -> Project:
    """One project with its proposal, unit and official (raises Project.DoesNotExist)."""
    project = Project.objects.select_related("proposal__area", "unit", "responsible").get(
        budget_round=budget_round, pk=pk
    )
    project.budget_round = budget_round  # the caller's, with its decision already read
    return project


TIMELINE_PAGE = 20


def timeline_page(project: Project, page_number) -> tuple[object, list]:
    """One page of the project's timeline, newest first: `TIMELINE_PAGE` published updates
    (with their photos and documents) and the status changes that fall between them. Five
    queries whatever the number of updates: count, page, photos, documents, changes."""
    updates = (
        ProjectUpdate.objects.filter(project=project, published_at__isnull=False)
        .order_by("-dated", "-published_at", "-id")
        .prefetch_related("photos", "documents")
    )
    page = Paginator(updates, TIMELINE_PAGE).get_page(page_number)
    items = list(page.object_list)
    changes = StatusChange.objects.filter(project=project)
    if page.has_next() and items:
        changes = changes.filter(changed_at__date__gte=items[-1].dated)
    if page.has_previous() and items:
        changes = changes.filter(changed_at__date__lte=items[0].dated)
    entries = [(u.dated, u.published_at, "update", u) for u in items]
    entries.extend((timezone.localdate(c.changed_at), c.changed_at, "status", c) for c in changes)
    entries.sort(key=lambda e: (e[0], e[1]), reverse=True)
    return page, [(day, kind, item) for day, _at, kind, item in entries]


def timeline(project: Project) -> list:
    """Every entry of the timeline, drafts left out, for the case officers' page."""
    updates = ProjectUpdate.objects.filter(project=project, published_at__isnull=False).only(
        "pk", "title", "dated", "published_at"
    )
    entries = [(u.dated, u.published_at, "update", u) for u in updates]
    entries.extend(
        (timezone.localdate(c.changed_at), c.changed_at, "status", c)
        for c in StatusChange.objects.filter(project=project)
    )
    entries.sort(key=lambda e: (e[0], e[1]), reverse=True)
    return [(day, kind, item) for day, _at, kind, item in entries]


def drafts(project: Project):
    return (
        ProjectUpdate.objects.filter(project=project, published_at__isnull=True)
        .prefetch_related("photos", "documents")
        .order_by("-created_at")
    )


def public_project_of(proposal) -> Project | None:
    """The project carrying out `proposal`, if its round's decision is published."""
    return (
        Project.objects.filter(
            proposal=proposal, budget_round__decision__published_at__isnull=False
        )
        .only("pk", "title", "status", "budget_round_id")
        .first()
    )


# --- A proposer's own page ----------------------------------------------------------------


def proposals_of(user) -> list[Proposal]:
    return list(
        Proposal.objects.filter(author=user)
        .select_related("budget_round__decision", "area", "assessment")
        .prefetch_related(
            "ballot_boxes",
            Prefetch(
                "funding_decisions",
                queryset=Decision.objects.filter(published_at__isnull=False),
                to_attr="published_decisions",
            ),
        )
        .order_by("-created_at", "-pk")
    )


def funded_by_round(round_ids) -> dict[int, set[int]]:
    """{round id: proposal ids the published count selected}, for rounds with a result."""
    from delaktig.processes.models import BudgetRound

    rounds = BudgetRound.objects.filter(pk__in=round_ids, result_published_at__isnull=False)
    return {r.pk: counted_winner_ids(r) for r in rounds}


def projects_for(proposal_ids) -> dict[int, Project]:
    return {
        p.proposal_id: p
        for p in Project.objects.filter(
            proposal_id__in=proposal_ids, budget_round__decision__published_at__isnull=False
        ).select_related("budget_round")
    }
