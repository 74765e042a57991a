"""The goals a process serves, as a section of the process's own page (processes.components:
`Component.page_section`; processes sits below goals in the layers, so it names no goal)."""

from django.utils.translation import gettext_lazy as _

from delaktig.processes.components import Component, register_component


def _goals_section(process, user):
    """The published effect goals the process serves, with each indicator's latest value and
    target: three queries, on the process's page only."""
    from .queries import goals_for_round

    goals = goals_for_round(process)
    if not goals:
        return None
    return "goals/_round_goals.html", {"round": process, "goals": goals}


register_component(Component("goals", _("Effect goals"), page_section=_goals_section))
