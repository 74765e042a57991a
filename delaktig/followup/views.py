"""Public pages: the follow-up of a round, one project, and a proposer's own proposals."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from delaktig.core.markdown import render_markdown
from delaktig.core.permissions import require
from delaktig.processes.queries import get_round_for

from . import charts, queries
from .models import Project
from .story import stories_of


def overview(request, slug):
    budget_round = get_round_for(request.user, slug)
    decision = queries.published_decision(budget_round)
    context = {"round": budget_round, "decision": decision}
    if decision is not None:
        data = queries.overview(budget_round)
        context.update(
            overview=data,
            chart=charts.money_by_status(data.by_status),
            funded=list(decision.funded.select_related("area").order_by("title", "pk")),
        )
    return render(request, "followup/overview.html", context)


def project_detail(request, slug, pk):
    budget_round = get_round_for(request.user, slug)
    require("followup.view", request.user, budget_round)
    try:
        project = queries.project_for_page(budget_round, pk)
    except Project.DoesNotExist as missing:
        raise Http404 from missing
    return render(
        request,
        "followup/project_detail.html",
        {
            "round": budget_round,
            "project": project,
            "description": render_markdown(project.description),
            "timeline": [
                (day, kind, item, render_markdown(item.body) if kind == "update" else "")
                for day, kind, item in queries.timeline(project)
            ],
        },
    )


@login_required
def my_proposals(request):
    return render(request, "followup/my_proposals.html", {"stories": stories_of(request.user)})
