"""Participants' page: the round's published assessments."""

from django.shortcuts import render

from delaktig.processes.queries import get_round_for

from .queries import published_assessments


def assessment_list(request, slug):
    budget_round = get_round_for(request.user, slug)
    return render(
        request,
        "assessments/assessment_list.html",
        {"round": budget_round, "proposals": published_assessments(budget_round)},
    )
