"""What the council report says about a round, read once for the page and the PDF alike, so
that both show the same numbers (a test reads them back out of the PDF).

Reads the foundation models of the apps below directly (followup, goals, surveys) with a
handful of queries whatever the number of projects and updates: the follow-up status is one
aggregate and one list, the goals one query with two prefetches.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Prefetch, Q
from django.utils.translation import gettext as _

from delaktig.core.money import format_kronor
from delaktig.dialogue.models import Block, BlockKind
from delaktig.dialogue.rendering import render_block
from delaktig.followup.models import Decision, Project, ProjectStatus
from delaktig.goals.models import Goal, Measurement
from delaktig.results.presentation import box_result
from delaktig.results.queries import published_runs
from delaktig.surveys.models import Purpose, Survey, SurveyStatus
from delaktig.voting.rule_texts import rule_explanations

from .reach import Reach, area_label, reach_for


@dataclass
class FollowUp:
    projects: list
    by_status: list[tuple[str, str, int]]  # (status, label, projects)
    total: int
    budgeted: int
    spent: int

    @property
    def budgeted_text(self) -> str:
        return format_kronor(self.budgeted)

    @property
    def spent_text(self) -> str:
        return format_kronor(self.spent)


@dataclass
class IndicatorRow:
    goal: object
    indicator: object
    latest: object  # Measurement or None


@dataclass
class Contents:
    budget_round: object
    results: list  # results.presentation.BoxResult, one per counted box
    reach: Reach
    decision: object
    follow_up: FollowUp
    goals: list
    indicators: list[IndicatorRow]
    evaluation: str  # the evaluation survey's key figures, rendered (empty without one)
    areas: list = field(default_factory=list)
    rules: list = field(default_factory=list)

    @property
    def budget(self) -> int:
        return sum(r.budget for r in self.results) or (self.budget_round.total_budget or 0)

    @property
    def money_used(self) -> int:
        return sum(r.money_used for r in self.results)

    @property
    def funded_count(self) -> int:
        return sum(len(r.funded) for r in self.results)

    def numbers(self) -> dict:
        """The key numbers, kept with the report (`CouncilReport.figures`): the page shows
        them, and a test finds each in the PDF, formatted as both show them."""
        return {
            "voters": self.reach.voters,
            "roll": self.reach.roll,
            "turnout": self.reach.turnout_percent,
            "budget": format_kronor(self.budget),
            "money_used": format_kronor(self.money_used),
            "funded": self.funded_count,
            "projects": self.follow_up.total,
            "projects_by_status": {s: n for s, _label, n in self.follow_up.by_status},
            "budgeted": self.follow_up.budgeted_text,
            "spent": self.follow_up.spent_text,
        }


def _follow_up(budget_round) -> FollowUp:
    projects = list(
        Project.objects.filter(budget_round=budget_round)
        .select_related("unit")
        .annotate(
            last_update=Max("updates__dated", filter=Q(updates__published_at__isnull=False)),
            updates_published=Count("updates", filter=Q(updates__published_at__isnull=False)),
        )
        .order_by("title", "pk")
    )
    counts = dict.fromkeys(ProjectStatus.values, 0)
    for project in projects:
        counts[project.status] += 1
    return FollowUp(
        projects=projects,
        by_status=[(s, str(label), counts[s]) for s, label in ProjectStatus.choices],
        total=len(projects),
        budgeted=sum(p.budgeted_cost for p in projects),
        spent=sum(p.actual_cost or 0 for p in projects),
    )


def _indicators(goals) -> list[IndicatorRow]:
    rows = []
    for goal in goals:
        for indicator in goal.indicators.all():
            measurements = list(indicator.measurements.all())
            rows.append(IndicatorRow(goal, indicator, measurements[-1] if measurements else None))
    return rows


def _evaluation(budget_round) -> str:
    """The key figures of the round's evaluation survey (the dialogue report's figures block,
    with its K rule), or "" when the round has none."""
    survey = (
        Survey.objects.filter(
            process=budget_round, purpose=Purpose.EVALUATION, status=SurveyStatus.PUBLISHED
        )
        .select_related("process")
        .order_by("pk")
        .first()
    )
    if survey is None:
        return ""
    block = Block(kind=BlockKind.FIGURES, survey=survey, heading=_("The evaluation survey"))
    return render_block(block)


def number(value) -> str:
    """A decimal as Swedish text: 12,5 (no trailing zeros)."""
    if value is None:
        return ""
    value = Decimal(value).normalize()
    text = f"{value:f}"
    return text.replace(".", ",")


def contents_for(budget_round) -> Contents:
    runs = list(published_runs(budget_round))
    results = [box_result(run) for run in runs]
    decision = Decision.objects.filter(budget_round=budget_round).first()
    goals = list(
        Goal.objects.filter(rounds=budget_round)
        .prefetch_related(
            "indicators",
            # Measurements in date order: the last one is the latest.
            Prefetch("indicators__measurements", Measurement.objects.order_by("measured_on")),
        )
        .distinct()
    )
    contents = Contents(
        budget_round=budget_round,
        results=results,
        reach=reach_for(budget_round, published_only=True),
        decision=decision,
        follow_up=_follow_up(budget_round),
        goals=goals,
        indicators=_indicators(goals),
        evaluation=_evaluation(budget_round),
    )
    contents.areas = [
        (area.name, format_kronor(area.budget)) for area in budget_round.areas.order_by("position")
    ]
    contents.rules = [
        (area_label(r.box), r.rule_label, rule_explanations(r.run.rule)) for r in results
    ]
    return contents
