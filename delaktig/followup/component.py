"""The follow-up in processes (ADR 0004): its component, its tab, and the sections it adds to
the result page and the proposal page (core.sections).

The follow-up phase kind itself is the results app's (`results.component.FOLLOW_UP`): the
result stays readable in it. This component adds the "Uppföljning" tab from the moment the
result is published (a field of the round: no query on every page of the round), and the
overview says "no decision yet" until the decision is published.
"""

from django.utils.translation import gettext_lazy as _

from delaktig.core.sections import register
from delaktig.processes.components import Component, register_component


def _tab_shown(process) -> bool:
    return process.result_published_at is not None


def _decision_on_result_page(*, process, user):
    """Under the count on the result page: the decision, and a link to the follow-up."""
    from . import queries

    decision = queries.published_decision(process)
    if decision is None:
        return None
    funded = list(decision.funded.select_related("area").order_by("title", "pk"))
    return "followup/_decision_section.html", {
        "round": process,
        "decision": decision,
        "funded": funded,
        "deviates": bool(decision.deviation_reason),
    }


def _project_on_proposal_page(*, proposal, user):
    from . import queries

    project = queries.public_project_of(proposal)
    if project is None:
        return None
    return "followup/_proposal_project.html", {"project": project, "round": proposal.budget_round}


def ready():
    register_component(
        Component(
            "followup",
            _("Follow-up"),
            tab=(_("Follow-up"), "followup:overview", "followup"),
            tab_shown=_tab_shown,
        )
    )
    register("results.detail", _decision_on_result_page)
    register("proposals.detail", _project_on_proposal_page)
