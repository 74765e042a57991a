"""What waits for a person under "Hantera" (issue 11: role-correct start page).

The start page (processes_manage:dashboard) lists, per round, the work that waits for the
signed-in person: a moderator the reports and the proposals waiting to be published, a case
officer the proposals waiting for assessment, the steps a round still misses and what is ready to
publish. The apps that own the work know it; each registers a function from its
`AppConfig.ready()` (processes sits below them in the layers):

    register_worklist(function)   # function(user, budget_round) -> list[Task]

A function returns a task only with a link the person may open: it asks the permission of the
page it links to, so no link on the start page answers 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Task:
    """One thing that waits: a sentence (with its count), and the page where it is done."""

    text: str
    url: str
    order: int = 50


_SOURCES: list[Callable] = []


def register_worklist(function: Callable) -> Callable:
    if function not in _SOURCES:
        _SOURCES.append(function)
    return function


def tasks_for(user, budget_round) -> list[Task]:
    tasks = [task for source in _SOURCES for task in source(user, budget_round)]
    return sorted(tasks, key=lambda t: t.order)


def round_steps(user, budget_round) -> list[Task]:
    """The set-up steps a round still misses (while they can still be done)."""
    if not user.has_perm("processes.change_budgetround", budget_round):
        return []
    slug = {"slug": budget_round.slug}
    tasks = []
    if not budget_round.phases.exists():
        tasks.append(
            Task(_("No timetable yet"), reverse("processes_manage:schedule_edit", kwargs=slug), 10)
        )
    if (
        budget_round.has_money
        and not budget_round.rules_frozen()
        and not budget_round.areas.exists()
    ):
        tasks.append(
            Task(
                _("No areas yet: the whole round has one budget"),
                reverse("processes_manage:areas_edit", kwargs=slug),
                11,
            )
        )
    if not budget_round.is_published:
        tasks.append(
            Task(
                _("A draft: not published yet"),
                reverse("processes_manage:round_manage", kwargs=slug),
                12,
            )
        )
    return tasks


register_worklist(round_steps)
