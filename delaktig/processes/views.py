from django.shortcuts import render
from django.utils.translation import gettext as _

from delaktig.core.permissions import why_not

from . import components
from .forms import OverviewFilterForm
from .queries import COMING, FINISHED, OPEN, by_state, get_round_for, rounds_with_phases


def _groups(processes):
    """(state key, heading, processes) for the lists of the start page and the overview."""
    states = by_state(processes)
    headings = {OPEN: _("Open now"), COMING: _("Coming"), FINISHED: _("Finished")}
    return [(key, headings[key], states[key]) for key in (OPEN, COMING, FINISHED)]


def round_list(request):
    """The start page: every budget round and dialogue the visitor may see, open now first."""
    rounds = rounds_with_phases().visible_to(request.user)
    return render(request, "processes/budgetround_list.html", {"groups": _groups(rounds)})


def overview(request):
    """Every way to take part ("se helheten"): the published budget rounds and dialogues,
    open now, coming and finished, filtered by kind and audience (a GET form, no JavaScript).
    Three queries however many processes there are: the processes with their unit and
    eligibility settings, their phases, their areas."""
    form = OverviewFilterForm(request.GET or None)
    processes = form.filter(rounds_with_phases().published())
    return render(request, "processes/overview.html", {"form": form, "groups": _groups(processes)})


def round_detail(request, slug):
    budget_round = get_round_for(request.user, slug)
    return render(
        request,
        "processes/budgetround_detail.html",
        {
            "round": budget_round,
            "areas": budget_round.areas.all(),
            "take_part_refused": why_not("eligibility.take_part", request.user, budget_round),
            "configured_rules": budget_round.kind_spec.describe(budget_round),
            "audience": components.describe_audience(budget_round),
            "component_sections": budget_round.kind_spec.page_sections(budget_round, request.user),
        },
    )
