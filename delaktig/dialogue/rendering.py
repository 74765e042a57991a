"""The report's blocks as HTML: one template per block kind. The same HTML is shown in the
preview, frozen into a published version and turned into the PDF.

A question block shows the question's result and chart from the surveys app's analysis, under
its K rule (surveys.analysis: a question or group under K shows "too few answers"); a key-figures
block its number of answers, how they were given and its reach where the audience is known.
"""

from django.template.loader import render_to_string

from delaktig.core.markdown import render_markdown
from delaktig.surveys.analysis import Selection, SurveyAnalysis
from delaktig.surveys.charts import chart_for

from .models import BlockKind


def blocks_of(report):
    return list(
        report.blocks.select_related("theme", "question__survey__process", "survey__process")
        .prefetch_related("quotes")
        .all()
    )


class _Analyses(dict):
    """One analysis per survey for the whole report (each counts its survey once)."""

    def __missing__(self, survey):
        self[survey] = SurveyAnalysis(survey)
        return self[survey]


def _question_context(block, analyses) -> dict:
    if block.question is None:
        return {}
    summary = analyses[block.question.survey].summary()
    result = next((r for r in summary["questions"] if r.question.pk == block.question_id), None)
    return {"result": result, "chart": chart_for(result) if result else None}


def _figures_context(block, analyses) -> dict:
    if block.survey is None:
        return {}
    analysis = analyses[block.survey]
    channels = analysis.breakdown(Selection(by="channel"))
    reach = analysis.reach()
    return {
        "survey": block.survey,
        "size": analysis.summary()["size"],
        "k": analysis.k,
        "channels": channels["groups"] if channels else [],
        "reached": reach["total"][0] if reach and reach["total"] else None,
        "source": reach["source"] if reach else "",
    }


def render_block(block, analyses=None) -> str:
    analyses = _Analyses() if analyses is None else analyses
    context = {"block": block, "body": render_markdown(block.body)}
    if block.kind == BlockKind.THEME:
        context["quotes"] = [q for q in block.quotes.all() if q.checked_at is not None]
    elif block.kind == BlockKind.QUESTION:
        context.update(_question_context(block, analyses))
    elif block.kind == BlockKind.FIGURES:
        context.update(_figures_context(block, analyses))
    return render_to_string(f"dialogue/blocks/{block.kind}.html", context)


def render_report(report) -> str:
    analyses = _Analyses()
    return "\n".join(render_block(block, analyses) for block in blocks_of(report))
