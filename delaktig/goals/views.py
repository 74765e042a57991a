"""The public pages of effect goals: every published goal, and one goal with each indicator's
trend (a chart and a table with the same numbers) and what serves it."""

from django.shortcuts import render

from . import charts, queries


def goal_list(request):
    return render(request, "goals/goal_list.html", {"goals": list(queries.published_goals())})


def goal_detail(request, slug):
    goal = queries.goal_for(request.user, slug)
    indicators = list(goal.indicators.all())
    for indicator in indicators:
        indicator.chart = charts.trend(indicator)
    return render(
        request,
        "goals/goal_detail.html",
        {"goal": goal, "indicators": indicators, **queries.public_links(goal)},
    )
