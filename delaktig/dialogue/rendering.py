"""The report's blocks as HTML: one template per block kind. The same HTML is shown in the
preview, frozen into a published version and turned into the PDF.

A question block shows the question's result and chart from the surveys app's analysis, under
its K rule (surveys.analysis: a question or group under K shows "too few answers"); a key-figures
block its number of answers, how they were given and its reach where the audience is known. A
key-points block cites what came out of one of the process's meetings
(meetings.queries.key_points: published, not cancelled, notes published) with the meeting's
kind, date, number of participants and an absolute link to its public page, so the link works
in the PDF too.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from delaktig.core.markdown import render_markdown
from delaktig.meetings.models import MeetingKind
from delaktig.meetings.queries import key_points
from delaktig.surveys.analysis import Selection, SurveyAnalysis
from delaktig.surveys.charts import chart_for

from .models import BlockKind


def blocks_of(report):
    return list(
        report.blocks.select_related(
            "theme", "question__survey__process", "survey__process", "meeting"
        )
        .prefetch_related("quotes")
        .all()
    )


class _Analyses(dict):
    """One analysis per survey for the whole report (each counts its survey once)."""

    def __missing__(self, survey):
        self[survey] = SurveyAnalysis(survey)
        return self[survey]


class CitedMeetings:
    """The process's published key points, read once (meetings.queries.key_points) and grouped
    by meeting, for every key-points block of a report."""

    def __init__(self, process):
        self.process = process
        self._by_slug = None

    def _load(self):
        if self._by_slug is None:
            self._by_slug = {}
            for point in key_points(self.process):
                self._by_slug.setdefault(point.meeting_slug, []).append(point)
        return self._by_slug

    def points(self, meeting) -> list:
        return self._load().get(meeting.slug, [])

    def meetings(self) -> list[tuple[str, str]]:
        """(slug, title) of each meeting with published key points, in the order they met."""
        return [(slug, points[0].meeting_title) for slug, points in self._load().items()]


def _meetings_context(block, cited) -> dict:
    points = cited.points(block.meeting) if block.meeting is not None else []
    if not points:
        return {}
    first = points[0]
    return {
        "points": points,
        "meeting": first,
        "kind": MeetingKind(first.meeting_kind).label,
        "url": settings.SITE_URL.rstrip("/")
        + reverse("meetings:detail", kwargs={"slug": first.meeting_slug}),
    }


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


def render_block(block, analyses=None, cited=None) -> str:
    analyses = _Analyses() if analyses is None else analyses
    context = {"block": block, "body": render_markdown(block.body)}
    if block.kind == BlockKind.THEME:
        context["quotes"] = [q for q in block.quotes.all() if q.checked_at is not None]
    elif block.kind == BlockKind.QUESTION:
        context.update(_question_context(block, analyses))
    elif block.kind == BlockKind.FIGURES:
        context.update(_figures_context(block, analyses))
    elif block.kind == BlockKind.MEETINGS:
        cited = CitedMeetings(block.report.process) if cited is None else cited
        context.update(_meetings_context(block, cited))
    return render_to_string(f"dialogue/blocks/{block.kind}.html", context)


def render_report(report) -> str:
    analyses, cited = _Analyses(), CitedMeetings(report.process)
    return "\n".join(render_block(block, analyses, cited) for block in blocks_of(report))
