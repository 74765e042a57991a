"""Surveys in processes (ADR 0005).

Two components:

- `consultation`: the phases of a dialogue before its report. "Open for views" (answering)
  and "analysis" (the municipality reads what it heard). A dialogue must have the open phase.
- `surveys`: the surveys a process holds, with a tab. It brings no phase: in a dialogue a
  survey's answering window follows the open phase unless the survey has dates of its own; in
  a budget round (a needs survey before proposals, an evaluation after the result) a survey
  always has its own dates (Survey.clean).
"""

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from delaktig.processes.components import Component, register_component
from delaktig.processes.phases import PhaseKind, register_phase_kind
from delaktig.processes.setup import DONE, TODO, Step

CONSULT = "consult"
ANALYSIS = "analysis"

register_phase_kind(
    PhaseKind(
        CONSULT,
        _("Open for views"),
        order=22,
        what_you_can_do=_("Answer the survey and tell the municipality what you think."),
        action=_("Answer the survey"),
        action_with_date=_("Answer by %(date)s"),
        action_url="surveys:process_surveys",
    )
)
register_phase_kind(
    PhaseKind(
        ANALYSIS,
        _("Analysis"),
        order=32,
        what_you_can_do=_(
            "The municipality is reading and compiling what it heard. The report is published "
            "when the next phase starts."
        ),
    )
)

register_component(
    Component(
        "consultation",
        _("Consultation"),
        phase_kinds=(CONSULT, ANALYSIS),
        required_phases=(CONSULT,),
    )
)


def _tab_shown(process) -> bool:
    """A dialogue shows its surveys in a tab. A budget round's surveys (needs, evaluation) are
    listed on the round's own page instead: a tab would cost every page of the round, the
    ballot too, a query to know whether there is one."""
    return process.holds("consultation")


def _setup_steps(process) -> list[Step]:
    """A dialogue's step in the task list it is set up with: its surveys, counted, done once
    one is published (the open phase is for answering it). A budget round's surveys are
    optional extras and add no step."""
    from django.urls import reverse

    if not process.holds("consultation"):
        return []
    url = reverse("surveys_manage:list", kwargs={"slug": process.slug})
    count = process.surveys.count()
    if not count:
        return [Step(gettext("Surveys"), url, TODO, gettext("Add a survey."))]
    hint = ngettext("%(count)d survey.", "%(count)d surveys.", count) % {"count": count}
    if not process.surveys.filter(status="published").exists():
        return [Step(gettext("Surveys"), url, TODO, hint + " " + gettext("Publish one."))]
    return [Step(gettext("Surveys"), url, DONE, hint)]


def _open_surveys_section(process, user):
    """On a budget round's own page: its open surveys (a needs or an evaluation survey), one
    query on that page only. A dialogue lists its surveys in its tab instead."""
    if process.holds("consultation"):
        return None
    from .queries import surveys_shown

    surveys = [s for s in surveys_shown(process, user) if s.is_published and s.is_open()]
    if not surveys:
        return None
    return "surveys/_round_surveys.html", {"round": process, "surveys": surveys}


register_component(
    Component(
        "surveys",
        _("Surveys"),
        tab=(_("Surveys"), "surveys:process_surveys", "surveys"),
        tab_shown=_tab_shown,
        setup_steps=_setup_steps,
        page_section=_open_surveys_section,
    )
)
