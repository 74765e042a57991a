from django.shortcuts import render

from delaktig.core.permissions import why_not

from . import components
from .queries import get_round_for, rounds_with_phases


def round_list(request):
    rounds = rounds_with_phases().visible_to(request.user)
    return render(request, "processes/budgetround_list.html", {"rounds": rounds})


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
