"""Public pages: the follow-up of a round, one project, and a proposer's own proposals."""

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from delaktig.core.markdown import render_markdown
from delaktig.core.permissions import require
from delaktig.processes.queries import get_round_for

from . import caching, charts, queries
from .models import Project
from .story import stories_of


def _projects_section(budget_round) -> str:
    """The money (chart and table) and the list of projects, rendered once per change and
    language (caching.py): 300 rows take longer to render than the page's goal."""
    key = caching.overview_key(budget_round.pk, get_language())
    html = cache.get(key)
    if html is None:
        data = queries.overview(budget_round)
        html = render_to_string(
            "followup/_overview_projects.html",
            {
                "round": budget_round,
                "overview": data,
                "chart": charts.money_by_status(data.by_status),
                "project_base": reverse("followup:overview", kwargs={"slug": budget_round.slug}),
            },
        )
        cache.set(key, html, caching.TIMEOUT)
    return mark_safe(html)  # noqa: S308 - rendered by our own autoescaping template


def _timeline_section(project, page_number: str) -> str:
    """One page of the project's timeline, rendered once per version of the project."""
    page_number = page_number if page_number.isdigit() and len(page_number) < 7 else "1"
    key = caching.timeline_key(project, page_number, get_language())
    html = cache.get(key)
    if html is None:
        page, entries = queries.timeline_page(project, page_number)
        html = render_to_string(
            "followup/_timeline.html",
            {
                "page": page,
                "timeline": [
                    (day, kind, item, render_markdown(item.body) if kind == "update" else "")
                    for day, kind, item in entries
                ],
            },
        )
        cache.set(key, html, caching.TIMEOUT)
    return mark_safe(html)  # noqa: S308 - rendered by our own autoescaping template


def overview(request, slug):
    budget_round = get_round_for(request.user, slug)
    decision = queries.published_decision(budget_round)
    context = {"round": budget_round, "decision": decision}
    if decision is not None:
        context["projects_section"] = _projects_section(budget_round)
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
            "timeline_section": _timeline_section(project, request.GET.get("sida", "")),
        },
    )


@login_required
def my_proposals(request):
    return render(request, "followup/my_proposals.html", {"stories": stories_of(request.user)})
