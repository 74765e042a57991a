"""Composing, publishing and correcting the dialogue report, and telling people what came of
it ("Ni sa – vi gjorde"). Every change is checked here and written in one transaction with
its audit event."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from delaktig.audit.services import record
from delaktig.core.errors import Conflict, InvalidInput
from delaktig.core.ordering import move_one_place, renumber
from delaktig.core.permissions import require
from delaktig.meetings.models import Meeting, MeetingStatus
from delaktig.surveys.models import (
    TEXT_KINDS,
    FollowUpAddress,
    Question,
    Quote,
    Survey,
    Theme,
)
from delaktig.surveys.rules import why_not_yet

from .models import Block, BlockKind, Feedback, Report, ReportVersion
from .rendering import CitedMeetings, blocks_of, render_report

NOTE_MAX = 2000


def report_for(process) -> Report:
    """The process's report, made on first use with the process's name as its title."""
    report, _made = Report.objects.get_or_create(
        process=process, defaults={"title": _("What we heard: %(name)s") % {"name": process.name}}
    )
    return report


@dataclass(frozen=True)
class BlockData:
    kind: str
    heading: str = ""
    body: str = ""
    theme_id: int | None = None
    quote_ids: tuple[int, ...] = ()
    question_id: int | None = None
    survey_id: int | None = None
    meeting_id: int | None = None


def _theme_and_quotes(process, data: BlockData):
    if data.kind != BlockKind.THEME:
        return None, []
    theme = Theme.objects.filter(pk=data.theme_id, survey__process=process).first()
    if theme is None:
        raise InvalidInput(_("Choose one of the dialogue's themes."), field="theme")
    quotes = list(
        Quote.objects.filter(pk__in=data.quote_ids, answer__response__survey__process=process)
    )
    if len(quotes) != len(set(data.quote_ids)):
        raise InvalidInput(_("Choose quotes from this dialogue's answers."), field="quotes")
    return theme, quotes


def _question_and_survey(process, data: BlockData):
    """The question of a question block, the survey of a key-figures block: this dialogue's."""
    question = survey = None
    if data.kind == BlockKind.QUESTION:
        question = Question.objects.filter(pk=data.question_id, survey__process=process).first()
        if question is None or question.kind in TEXT_KINDS:
            raise InvalidInput(
                _("Choose one of the dialogue's questions (not a free-text one)."),
                field="question",
            )
    if data.kind == BlockKind.FIGURES:
        survey = Survey.objects.filter(pk=data.survey_id, process=process).first()
        if survey is None:
            raise InvalidInput(_("Choose one of the dialogue's surveys."), field="survey")
    return question, survey


def _meeting(process, data: BlockData):
    """The meeting of a key-points block: one of this dialogue's meetings."""
    if data.kind != BlockKind.MEETINGS:
        return None
    meeting = Meeting.objects.filter(pk=data.meeting_id, process=process).first()
    if meeting is None:
        raise InvalidInput(_("Choose one of the dialogue's meetings."), field="meeting")
    return meeting


def _check_block(data: BlockData):
    if data.kind not in BlockKind.values:
        raise InvalidInput(_("Choose a kind of block."), field="kind")
    if data.kind in (BlockKind.TEXT, BlockKind.NEXT_STEPS) and not data.body.strip():
        raise InvalidInput(_("Write the block's text."), field="body")
    if len(data.body) > 20_000:
        raise InvalidInput(_("The text is too long: at most 20 000 characters."), field="body")


def add_block(*, by, report: Report, data: BlockData) -> Block:
    require("dialogue.compose_report", by, report.process)
    _check_block(data)
    theme, quotes = _theme_and_quotes(report.process, data)
    question, survey = _question_and_survey(report.process, data)
    meeting = _meeting(report.process, data)
    with transaction.atomic():
        last = report.blocks.aggregate(last=Max("position"))["last"]
        block = Block.objects.create(
            report=report,
            position=0 if last is None else last + 1,
            kind=data.kind,
            heading=data.heading.strip(),
            body=data.body,
            theme=theme,
            question=question,
            survey=survey,
            meeting=meeting,
        )
        block.quotes.set(quotes)
        record(by, "dialogue.block_added", report.process, block=block.pk, kind=data.kind)
    return block


def update_block(*, by, block: Block, data: BlockData) -> Block:
    require("dialogue.compose_report", by, block.report.process)
    data = BlockData(**{**data.__dict__, "kind": block.kind})
    _check_block(data)
    theme, quotes = _theme_and_quotes(block.report.process, data)
    question, survey = _question_and_survey(block.report.process, data)
    meeting = _meeting(block.report.process, data)
    with transaction.atomic():
        block.heading, block.body, block.theme = data.heading.strip(), data.body, theme
        block.question, block.survey, block.meeting = question, survey, meeting
        block.save(update_fields=["heading", "body", "theme", "question", "survey", "meeting"])
        block.quotes.set(quotes)
        record(by, "dialogue.block_changed", block.report.process, block=block.pk)
    return block


def move_block(*, by, block: Block, up: bool) -> None:
    """Swap the block with its neighbour above (or below); renumbers the report's blocks."""
    require("dialogue.compose_report", by, block.report.process)
    with transaction.atomic():
        blocks = list(block.report.blocks.select_for_update().order_by("position", "pk"))
        move_one_place(blocks, block.pk, up)
        renumber(blocks)


def delete_block(*, by, block: Block) -> None:
    require("dialogue.compose_report", by, block.report.process)
    with transaction.atomic():
        record(by, "dialogue.block_deleted", block.report.process, block=block.pk)
        block.delete()


def publishing_problems(report: Report) -> list[str]:
    """What stops the report from being published, in words; empty when it may be."""
    blocks = blocks_of(report)
    cited = CitedMeetings(report.process)
    problems = []
    if not blocks:
        problems.append(_("The report has no blocks yet."))
    if not any(b.kind == BlockKind.NEXT_STEPS for b in blocks):
        problems.append(
            _(
                "Add a “What happens now?” block: say what the municipality will do with what it "
                "heard."
            )
        )
    for b in blocks:
        if b.kind == BlockKind.QUESTION and b.question_id is None:
            problems.append(
                _(
                    "The block “%(block)s” shows a question that was deleted. Choose another "
                    "question or remove the block."
                )
                % {"block": b}
            )
        if b.kind == BlockKind.FIGURES and b.survey_id is None:
            problems.append(
                _(
                    "The block “%(block)s” counts a survey that was deleted. Choose another "
                    "survey or remove the block."
                )
                % {"block": b}
            )
        shown_survey = b.question.survey if b.question_id else b.survey
        if shown_survey is not None:
            why = why_not_yet(None, shown_survey)
            if why is not None:
                problems.append(
                    _("The block “%(block)s”: %(reason)s") % {"block": b, "reason": why}
                )
        if b.kind == BlockKind.THEME and b.theme_id is None:
            problems.append(
                _(
                    "The block “%(block)s” shows a theme that was deleted. Choose another theme or "
                    "remove the block."
                )
                % {"block": b}
            )
        if b.kind == BlockKind.MEETINGS:
            why = why_not_citable(b.meeting, cited)
            if why is not None:
                problems.append(
                    _("The block “%(block)s”: %(reason)s") % {"block": b, "reason": why}
                )
        unchecked = [q for q in b.quotes.all() if q.checked_at is None]
        if unchecked:
            problems.append(
                _("The block “%(block)s” has a quote that has not been checked for personal data.")
                % {"block": b}
            )
    return problems


def why_not_citable(meeting, cited: "CitedMeetings") -> str | None:
    """Why a key-points block cannot be published with its meeting, in words; None when it can:
    the meeting is published, not cancelled, and its notes and key points are published."""
    if meeting is None:
        return _("the meeting was deleted. Choose another meeting or remove the block.")
    if meeting.process_id != cited.process.pk:
        return _("the meeting no longer belongs to this dialogue. Remove the block.")
    if meeting.status == MeetingStatus.CANCELLED:
        return _("the meeting was cancelled. Choose another meeting or remove the block.")
    if meeting.status != MeetingStatus.PUBLISHED:
        return _("the meeting is not published. Publish it or remove the block.")
    if meeting.notes_published_at is None:
        return _("the meeting's notes are not published yet.")
    if not cited.points(meeting):
        return _("the meeting's notes have no key points. Add them or remove the block.")
    return None


def uncited_meetings(report: Report) -> list[str]:
    """The titles of the process's meetings with published key points that no block cites yet:
    so that what came out of every kind of meeting reaches the report (issue 14)."""
    cited = CitedMeetings(report.process)
    in_report = set(
        report.blocks.filter(kind=BlockKind.MEETINGS, meeting__isnull=False).values_list(
            "meeting__slug", flat=True
        )
    )
    return [title for slug, title in cited.meetings() if slug not in in_report]


def publish_version(*, by, report: Report, change_note: str = "") -> ReportVersion:
    """Publish the report as it is now: a new dated version that never changes. Every version
    after the first says what changed. The PDF is made by the task queue."""
    from .tasks import make_report_pdf

    require("dialogue.compose_report", by, report.process)
    if not report.process.is_published:
        raise Conflict(_("Publish the dialogue first."))
    problems = publishing_problems(report)
    if problems:
        raise InvalidInput(problems[0])
    change_note = change_note.strip()
    with transaction.atomic():
        Report.objects.select_for_update().get(pk=report.pk)
        last = report.versions.aggregate(last=Max("number"))["last"] or 0
        if last and not change_note:
            raise InvalidInput(
                _("Say what changed since the published version."), field="change_note"
            )
        if len(change_note) > NOTE_MAX:
            raise InvalidInput(_("The note is too long: at most 2 000 characters."))
        version = ReportVersion.objects.create(
            report=report,
            number=last + 1,
            title=report.title,
            html=render_report(report),
            change_note=change_note,
            published_at=timezone.now(),
            published_by=by,
        )
        record(by, "dialogue.report_published", report.process, version=version.number)
        transaction.on_commit(lambda: make_report_pdf.enqueue(version.pk))
    return version


@dataclass(frozen=True)
class FeedbackData:
    decided: str
    used: str
    not_done: str = ""


def save_feedback(*, by, process, data: FeedbackData) -> Feedback:
    """Write or correct "Ni sa – vi gjorde" before it is published."""
    require("dialogue.compose_report", by, process)
    if not data.decided.strip():
        raise InvalidInput(_("Say what was decided."), field="decided")
    if not data.used.strip():
        raise InvalidInput(_("Say which of the views were used, and how."), field="used")
    with transaction.atomic():
        feedback, _made = Feedback.objects.select_for_update().get_or_create(
            process=process, defaults={"decided": data.decided, "used": data.used}
        )
        if feedback.published_at:
            raise Conflict(_("“You said – we did” is published and can no longer be changed."))
        feedback.decided, feedback.used, feedback.not_done = data.decided, data.used, data.not_done
        feedback.save()
        record(by, "dialogue.feedback_saved", process)
    return feedback


def publish_feedback(*, by, process) -> Feedback:
    """Publish "Ni sa – vi gjorde" and tell everyone who left an address (task queue)."""
    from .tasks import send_feedback

    require("dialogue.compose_report", by, process)
    with transaction.atomic():
        feedback = Feedback.objects.select_for_update().filter(process=process).first()
        if feedback is None:
            raise InvalidInput(_("Write “You said – we did” first."))
        if feedback.published_at:
            raise Conflict(_("“You said – we did” is already published."))
        feedback.published_at, feedback.published_by = timezone.now(), by
        feedback.save(update_fields=["published_at", "published_by"])
        waiting = FollowUpAddress.objects.filter(survey__process=process).count()
        record(by, "dialogue.feedback_published", process, to_tell=waiting)
        transaction.on_commit(lambda: send_feedback.enqueue(process.pk))
    return feedback
