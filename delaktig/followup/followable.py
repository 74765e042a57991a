"""A project can be followed (following.registry) once its decision is public, like its page;
its status changes and published updates are told to its followers, and so is the decision to
the round's followers (services record the events)."""

from django.utils.translation import gettext_lazy as _

from delaktig.following.registry import Followable, register, register_event_kind

from .models import Project
from .rules import decision_of


def _is_public(project) -> bool:
    budget_round = project.budget_round
    decision = decision_of(budget_round)
    return budget_round.is_published and decision is not None and decision.published_at is not None


register(
    Followable(
        key="project",
        model=Project,
        is_public=_is_public,
        process_of=lambda p: p.budget_round,
        title_of=lambda p: p.title,
        path_of=lambda p: p.get_absolute_url(),
        label=_("project"),
        following=_("You follow the project %(title)s."),
        related=("budget_round", "budget_round__decision"),
    )
)
register_event_kind("decision.published", _("The political decision"))
register_event_kind("project.status", _("New status"))
register_event_kind("project.update", _("Progress update"))
