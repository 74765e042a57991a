"""The results of a survey: for the process's officials always, for everyone when the survey's
results are public (surveys.view_survey_results). Filters and breakdowns are GET parameters
(a plain form, no JavaScript); every number passes the K rule (surveys.analysis)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from delaktig.core.permissions import require
from delaktig.processes.queries import get_round_for

from . import charts
from .analysis import PARAMS, SurveyAnalysis
from .disclosure import EVERYONE
from .models import QuestionKind, Survey
from .queries import surveys_shown

PERMISSION = "surveys.view_survey_results"


def survey_results(request, slug, survey_slug):
    """The public results page of a survey whose results are public."""
    process = get_round_for(request.user, slug)
    survey = get_object_or_404(surveys_shown(process, request.user), slug=survey_slug)
    require(PERMISSION, request.user, survey)
    return _page(request, process, survey, manage=False)


@login_required
def manage_survey_results(request, slug, survey_slug):
    """The officials' results page, with the reach of the survey."""
    process = get_round_for(request.user, slug, "processes.change_budgetround")
    survey = get_object_or_404(Survey.objects.filter(process=process), slug=survey_slug)
    require(PERMISSION, request.user, survey)
    return _page(request, process, survey, manage=True)


def _percent(part: float) -> str:
    return f"{round(part * 100)} %"


def _decimal(value) -> str:
    return "–" if value is None else number_format(value, 1)


def _breakdown_table(question, parts) -> dict:
    """One row per part of a breakdown, the same columns in every row: {"headers": [...],
    "rows": [(label, people who answered or None when withheld, [(header, cell text)])]}."""
    kind = question.kind
    shown = [result for _label, result in parts if not result.hidden]
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        options = list(question.options.all())
        other = question.allow_other or any(len(r.choices) > len(options) for r in shown)
        headers = [o.text for o in options] + ([_("Other")] if other else [])

        def cells(r):
            shares = [_percent(c.share) for c in r.choices]
            return shares + [_percent(0)] * (len(headers) - len(shares))
    elif kind == QuestionKind.SCALE:
        headers = [_("Median"), _("Mean")]

        def cells(r):
            return [_decimal(r.scale.median), _decimal(r.scale.mean)]
    elif kind == QuestionKind.MATRIX:
        headers = [
            _("Mean: %(statement)s") % {"statement": s.text} for s in question.statements.all()
        ]

        def cells(r):
            return [_decimal(d.mean) for d in r.statements]
    elif kind == QuestionKind.RANKING:
        options = list(question.options.all())
        headers = [_("Average place: %(choice)s") % {"choice": o.text} for o in options]

        def cells(r):
            by_option = {ranked.option_id: ranked.average_place for ranked in r.ranking}
            return [_decimal(by_option.get(o.pk)) for o in options]
    else:
        headers = []

        def cells(r):
            return []

    return {
        "headers": headers,
        "rows": [
            (
                label,
                None if r.hidden else r.answered,
                [] if r.hidden else list(zip(headers, cells(r), strict=True)),
            )
            for label, r in parts
        ],
    }


def _page(request, process, survey, *, manage):
    analysis = SurveyAnalysis(survey)
    selection = analysis.selection(request.GET)
    summary = analysis.summary(selection)
    questions = [(r, charts.chart_for(r)) for r in summary["questions"]]
    breakdown = analysis.breakdown(selection)
    if breakdown:
        breakdown["tables"] = [
            (question, _breakdown_table(question, parts))
            for question, parts in breakdown["questions"]
        ]
    choices = analysis.filter_choices()
    for i, dimension in enumerate(choices):
        value = selection.filter[i]
        dimension["selected"] = "" if value is None else str(value)
    return render(
        request,
        "surveys/analysis/results.html",
        {
            "round": process,
            "survey": survey,
            "manage": manage,
            "selection": selection,
            "size": summary["size"],
            "questions": questions,
            "breakdown": breakdown,
            "reach": analysis.reach() if manage else None,
            "filters": choices,
            "by_choices": [(p, d["label"]) for p, d in zip(PARAMS, choices, strict=True)],
            "k": analysis.k,
            # Nothing to choose from while the survey as a whole is under K: even the list of
            # districts with answers would say who answered.
            "filterable": analysis.responses.size(EVERYONE) is not None,
        },
    )
