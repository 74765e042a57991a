"""Answering a survey (ADR 0005): the answers checked against the questions, then who answered
(`Respondent`) and what (`Response`, `Answer`) written in one transaction, joined by nothing.

Answers come in one shape from every channel (the respondent's form, a saved draft, an
official typing in a paper form), keyed by question id (an int, or its text from a form):

- one or several choices: ``{"options": [option id, ...], "other": "text of “other”"}``;
- scale: ``{"number": 3}``, or ``{"dont_know": True}``;
- matrix: ``{"rows": {statement id: number, or None for "don't know"}}``;
- ranking: ``{"places": {option id: place}}`` (1 = first; every item its own place);
- short and long text: ``{"text": "..."}``.

A question left out, or given an empty value, is unanswered.

Conditional questions: a question with `show_if_question` is shown only when the answer to
that earlier question is one of `show_if_options` (any answer, when none are listed), and the
earlier question is shown itself. An answer to a question that is not shown is refused, never
stored: it was given to a question the respondent should not have seen (a tampered form, or
an earlier answer changed on the same page without JavaScript). The answering pages drop the
answers kept from earlier steps that a changed answer has made moot (`shown_only`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from delaktig.audit import services as audit
from delaktig.core.errors import Conflict, InvalidInput, NotAllowed
from delaktig.core.permissions import require
from delaktig.eligibility.checks import age_on, roll_birth_date

from ..locator import locator_for
from ..models import (
    SHORT_TEXT_MAX,
    AgeBand,
    Answer,
    Channel,
    FollowUpAddress,
    Question,
    QuestionKind,
    Respondent,
    Response,
    SurveyStatus,
)

CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING)


@dataclass(frozen=True)
class Problem:
    """What is wrong with the answer to one question (`question` None: the whole form)."""

    question: int | None
    message: str


class AnswersRefused(InvalidInput):
    """The answers break the survey's rules; `problems` says which, question by question.
    Nothing was stored."""

    def __init__(self, problems: list[Problem]):
        super().__init__(" ".join(p.message for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Sent:
    """What the confirmation page says: whether an earlier answer was replaced, and until when
    it can be changed (signed-in respondents only)."""

    changed: bool
    changeable_until: datetime | None
    can_change: bool


# -- the questions ------------------------------------------------------------------------------


def questions_of(survey) -> list[Question]:
    """The survey's questions in the order respondents meet them: questions outside any
    section first, then section by section."""
    questions = (
        Question.objects.filter(survey=survey)
        .select_related("section")
        .prefetch_related("options", "statements", "show_if_options")
    )
    return sorted(
        questions,
        key=lambda q: (
            q.section is not None,
            q.section.position if q.section else 0,
            q.section_id or 0,
            q.position,
            q.pk,
        ),
    )


def _key(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def normalised(answers: Mapping) -> dict[int, dict]:
    """`answers` with int question keys (a key that is not a number becomes -1, which no
    question has: refused as an answer to a question not in the survey)."""
    result = {}
    for key, value in (answers or {}).items():
        pk = _key(key)
        result[pk if pk is not None else -1] = value
    return result


def chosen_options(value) -> set[int]:
    if not isinstance(value, Mapping):
        return set()
    options = value.get("options") or []
    if not isinstance(options, (list, tuple)):
        return set()
    return {pk for pk in (_key(o) for o in options) if pk is not None}


def shown(questions: Iterable[Question], answers: Mapping) -> set[int]:
    """The ids of the questions shown to someone who gave `answers` (normalised)."""
    by_id = {q.pk: q for q in questions}
    result: dict[int, bool] = {}

    def is_shown(question, depth=0) -> bool:
        if question.pk in result:
            return result[question.pk]
        parent = by_id.get(question.show_if_question_id)
        if question.show_if_question_id is None:
            visible = True
        elif parent is None or depth > len(by_id) or not is_shown(parent, depth + 1):
            visible = False
        else:
            wanted = {o.pk for o in question.show_if_options.all()}
            given = answers.get(parent.pk)
            picked = chosen_options(given)
            visible = bool(picked & wanted) if wanted else not is_empty(parent, given)
        result[question.pk] = visible
        return visible

    return {q.pk for q in by_id.values() if is_shown(q)}


def shown_only(questions, answers: Mapping) -> dict[int, dict]:
    """`answers` without those to questions a changed earlier answer has hidden."""
    answers = normalised(answers)
    visible = shown(questions, answers)
    return {pk: value for pk, value in answers.items() if pk in visible}


def is_empty(question, value) -> bool:
    if not isinstance(value, Mapping) or not value:
        return True
    kind = question.kind
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return not value.get("options") and not str(value.get("other") or "").strip()
    if kind == QuestionKind.SCALE:
        return value.get("number") in (None, "") and not value.get("dont_know")
    if kind == QuestionKind.MATRIX:
        rows = value.get("rows")
        return not isinstance(rows, Mapping) or not rows
    if kind == QuestionKind.RANKING:
        places = value.get("places")
        return not isinstance(places, Mapping) or not any(
            p not in (None, "") for p in places.values()
        )
    return not str(value.get("text") or "").strip()


# -- checking answers ---------------------------------------------------------------------------


def text_limit(survey, question) -> int:
    return SHORT_TEXT_MAX if question.kind == QuestionKind.SHORT_TEXT else survey.free_text_max


def _too_long(text: str, limit: int) -> str | None:
    if len(text) <= limit:
        return None
    return _("Write at most %(limit)d characters. You wrote %(count)d.") % {
        "limit": limit,
        "count": len(text),
    }


def _tampered() -> str:
    return _("This answer does not belong to this survey. Reload the page and answer again.")


def scale_range(question) -> tuple[int, int]:
    """The lowest and highest step of a scale or matrix question (1–5 when not set)."""
    low = question.scale_min if question.scale_min is not None else 1
    high = question.scale_max if question.scale_max is not None else max(low + 1, 5)
    return low, high


def _scale_message(question) -> str:
    low, high = scale_range(question)
    return _("Choose a value from %(low)d to %(high)d.") % {"low": low, "high": high}


def _scale_number(question, raw):
    """(number, problem): a step of the question's scale, or why not."""
    number = _key(raw)
    low, high = scale_range(question)
    if number is None or not (low <= number <= high):
        return None, _scale_message(question)
    return number, None


def _choice_rows(survey, question, value, rows):
    option_ids = {o.pk for o in question.options.all()}
    raw = value.get("options") or []
    if not isinstance(raw, (list, tuple)):
        return _tampered()
    picked = [_key(o) for o in raw]
    if any(pk is None or pk not in option_ids for pk in picked):
        return _tampered()
    picked = list(dict.fromkeys(picked))
    other = str(value.get("other") or "").strip()
    if other and not question.allow_other:
        return _tampered()
    if other and (problem := _too_long(other, SHORT_TEXT_MAX)):
        return problem
    count = len(picked) + (1 if other else 0)
    if question.kind == QuestionKind.SINGLE and count > 1:
        return _("Choose one answer only.")
    if question.kind == QuestionKind.MULTIPLE:
        if question.min_choices and count < question.min_choices:
            return _("Choose at least %(count)d.") % {"count": question.min_choices}
        if question.max_choices and count > question.max_choices:
            return _("Choose at most %(count)d.") % {"count": question.max_choices}
    rows.extend({"question": question, "option_id": pk} for pk in picked)
    if other:
        rows.append({"question": question, "text": other})
    return None


def _scale_rows(survey, question, value, rows):
    if value.get("dont_know") and value.get("number") in (None, ""):
        if not question.allow_dont_know:
            return _tampered()
        rows.append({"question": question, "number": None})
        return None
    number, problem = _scale_number(question, value.get("number"))
    if problem:
        return problem
    rows.append({"question": question, "number": number})
    return None


def _matrix_rows(survey, question, value, rows, complete):
    statement_ids = {s.pk for s in question.statements.all()}
    given = value.get("rows")
    if not isinstance(given, Mapping):
        return _tampered()
    numbers = {}
    for raw_pk, raw in given.items():
        pk = _key(raw_pk)
        if pk is None or pk not in statement_ids:
            return _tampered()
        if raw == "":
            continue  # this statement left unanswered
        if raw is None or raw == "dont_know":
            if not question.allow_dont_know:
                return _tampered()
            numbers[pk] = None
            continue
        number, problem = _scale_number(question, raw)
        if problem:
            return problem
        numbers[pk] = number
    if complete and question.required and set(numbers) != statement_ids:
        return _("Answer every statement.")
    rows.extend(
        {"question": question, "statement_id": pk, "number": number}
        for pk, number in numbers.items()
    )
    return None


def _ranking_rows(survey, question, value, rows):
    option_ids = {o.pk for o in question.options.all()}
    given = value.get("places")
    if not isinstance(given, Mapping):
        return _tampered()
    places = {}
    for raw_pk, raw in given.items():
        pk = _key(raw_pk)
        if pk is None or pk not in option_ids:
            return _tampered()
        place = _key(raw)
        if raw not in (None, "") and place is None:
            return _tampered()
        places[pk] = place
    count = len(option_ids)
    if (
        sorted(p for p in places.values() if p is not None) != list(range(1, count + 1))
        or set(places) != option_ids
    ):
        return _("Give every item its own place, from 1 to %(count)d.") % {"count": count}
    rows.extend(
        {"question": question, "option_id": pk, "number": place} for pk, place in places.items()
    )
    return None


def _text_rows(survey, question, value, rows):
    text = str(value.get("text") or "").strip()
    if problem := _too_long(text, text_limit(survey, question)):
        return problem
    rows.append({"question": question, "text": text})
    return None


def checked_rows(survey, questions, answers: Mapping, *, complete: bool) -> list[dict]:
    """The answers as rows to store, or AnswersRefused listing every problem.

    `complete`: the answers are being sent, so every required question that is shown must be
    answered; a saved draft (False) may leave any question unanswered."""
    answers = normalised(answers)
    by_id = {q.pk: q for q in questions}
    problems: list[Problem] = []
    if any(pk not in by_id for pk in answers):
        problems.append(Problem(None, _tampered()))
    visible = shown(questions, answers)
    rows: list[dict] = []
    for question in questions:
        value = answers.get(question.pk)
        if value is not None and not isinstance(value, Mapping):
            problems.append(Problem(question.pk, _tampered()))
            continue
        empty = is_empty(question, value)
        if question.pk not in visible:
            if not empty:
                parent = by_id.get(question.show_if_question_id)
                problems.append(
                    Problem(
                        question.pk,
                        _(
                            "This question is only for those who gave another answer to "
                            "“%(question)s”. Remove your answer to it, or change that answer."
                        )
                        % {"question": parent.text if parent else ""},
                    )
                )
            continue
        if empty:
            if complete and question.required:
                problems.append(Problem(question.pk, _("Answer this question.")))
            continue
        problem = _rows_of(survey, question, value, rows, complete)
        if problem:
            problems.append(Problem(question.pk, problem))
    if problems:
        raise AnswersRefused(problems)
    return rows


def _rows_of(survey, question, value, rows, complete):
    kind = question.kind
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return _choice_rows(survey, question, value, rows)
    if kind == QuestionKind.SCALE:
        return _scale_rows(survey, question, value, rows)
    if kind == QuestionKind.MATRIX:
        return _matrix_rows(survey, question, value, rows, complete)
    if kind == QuestionKind.RANKING:
        return _ranking_rows(survey, question, value, rows)
    return _text_rows(survey, question, value, rows)


def _write_rows(response, rows) -> None:
    Answer.objects.bulk_create(
        Answer(
            response=response,
            question=row["question"],
            option_id=row.get("option_id"),
            statement_id=row.get("statement_id"),
            number=row.get("number"),
            text=row.get("text", ""),
        )
        for row in rows
    )


# -- what a response keeps about the respondent -------------------------------------------------


def respondent_facts(person, survey) -> dict:
    """The coarse facts a response keeps (ADR 0005): district, unit, age band. None for
    someone not signed in."""
    if not getattr(person, "is_authenticated", False):
        return {}
    facts = {"district_id": person.district_id}
    units = list(person.units.all()[:2])
    # A unit is recorded only when it has at least K members: in a unit of three, "the answer
    # from the unit" would point at one of three people for anyone reading the database or
    # combining breakdowns, whatever the K rule hides on the pages. A person of several units
    # is not recorded under any of them (which one would the answer speak for?).
    if len(units) == 1 and units[0].members.count() >= survey.min_group_size:
        facts["unit_id"] = units[0].pk
    # The age band only from the roll's birth date (a census or an invitation list), counted
    # on the day of answering; a process without a roll does not know anyone's age.
    born = roll_birth_date(person, survey.process)
    facts["age_band"] = AgeBand.for_age(age_on(born, timezone.localdate()) if born else None)
    return facts


# -- the respondent's own answer ----------------------------------------------------------------


def _signed_in(person) -> bool:
    return bool(getattr(person, "is_authenticated", False))


def own_response(person, survey) -> Response | None:
    """The signed-in person's response (sent or a draft), found through the locator; None for
    anyone else, and once the survey has closed (an answer is never shown again then)."""
    if not _signed_in(person) or survey.has_closed():
        return None
    return Response.objects.filter(survey=survey, locator=locator_for(survey, person)).first()


def answers_of(response) -> dict[int, dict]:
    """A stored response in the shape the service takes (for the pages, to fill them in)."""
    kinds = dict(Question.objects.filter(survey_id=response.survey_id).values_list("pk", "kind"))
    answers: dict[int, dict] = {}
    for row in response.answers.all().order_by("question_id", "number", "option_id"):
        kind = kinds.get(row.question_id)
        value = answers.setdefault(row.question_id, {})
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            if row.option_id:
                value.setdefault("options", []).append(row.option_id)
            else:
                value["other"] = row.text
        elif kind == QuestionKind.SCALE:
            value.update({"number": row.number} if row.number is not None else {"dont_know": True})
        elif kind == QuestionKind.MATRIX:
            value.setdefault("rows", {})[row.statement_id] = row.number
        elif kind == QuestionKind.RANKING:
            value.setdefault("places", {})[row.option_id] = row.number
        else:
            value["text"] = row.text
    return answers


def unlocatable_message() -> str:
    return _(
        "You have already answered this survey, and that answer can no longer be changed here. "
        "It counts as you gave it. This happens when you have been given a new password or "
        "code since you answered."
    )


def submit(*, by, survey, answers: Mapping) -> Sent:
    """Send `by`'s answers to `survey`.

    Someone not signed in (a survey open to anyone) gives a new response every time. A
    signed-in person has one answer per survey (a database constraint on `Respondent`): a
    second call changes the first response, as does sending a saved draft, until the survey
    closes. No audit event: one per answer would give a timeline to line up with the order
    responses are stored in (as for votes, ADR 0001)."""
    require("surveys.answer_survey", by, survey)
    rows = checked_rows(survey, questions_of(survey), answers, complete=True)
    facts = respondent_facts(by, survey)
    if not _signed_in(by):
        with transaction.atomic():
            response = Response.objects.create(
                survey=survey, submitted=True, channel=Channel.ONLINE, **facts
            )
            _write_rows(response, rows)
        return Sent(changed=False, changeable_until=None, can_change=False)
    for attempt in range(3):
        try:
            changed = _store_own(by, survey, rows, facts)
            break
        except IntegrityError:
            # Sent twice at once (a double click): the second finds the first and changes it.
            if attempt == 2:
                raise Conflict(
                    _(
                        "Your answer was being saved twice at the same time. Check it and send it "
                        "again."
                    )
                ) from None
    _opens, closes = survey.window()
    return Sent(changed=changed, changeable_until=closes, can_change=True)


def _store_own(person, survey, rows, facts) -> bool:
    locator = locator_for(survey, person)
    with transaction.atomic():
        response = (
            Response.objects.select_for_update().filter(survey=survey, locator=locator).first()
        )
        answered = Respondent.objects.filter(survey=survey, person=person).exists()
        if response is None and answered:
            # The locator key changed (a new password or code): the earlier answer cannot be
            # found, and a second one would count this person twice.
            raise Conflict(unlocatable_message())
        changed = response is not None and response.submitted
        if response is None:
            response = Response.objects.create(
                survey=survey, locator=locator, submitted=True, channel=Channel.ONLINE, **facts
            )
        else:
            Answer.objects.filter(response=response).delete()
            Response.objects.filter(pk=response.pk).update(
                submitted=True, channel=Channel.ONLINE, **facts
            )
        _write_rows(response, rows)
        if not answered:
            Respondent.objects.create(
                survey=survey, person=person, answered_on=timezone.localdate()
            )
    return changed


def save_draft(*, by, survey, answers: Mapping) -> None:
    """Keep a signed-in person's unfinished answers to come back to ("Spara och fortsätt
    senare"): a response with `submitted=False`, found again through the locator, never
    counted. Not for an answer already sent: that is changed by sending it again."""
    if not _signed_in(by):
        raise NotAllowed(_("Sign in to save your answers and come back later."))
    require("surveys.answer_survey", by, survey)
    rows = checked_rows(survey, questions_of(survey), answers, complete=False)
    locator = locator_for(survey, by)
    with transaction.atomic():
        response = (
            Response.objects.select_for_update().filter(survey=survey, locator=locator).first()
        )
        if (response is not None and response.submitted) or (
            response is None and Respondent.objects.filter(survey=survey, person=by).exists()
        ):
            raise Conflict(
                _("You have already sent your answers. Change them and send them again instead.")
            )
        if response is None:
            response = Response.objects.create(survey=survey, locator=locator, submitted=False)
        else:
            Answer.objects.filter(response=response).delete()
        _write_rows(response, rows)


# -- paper and interview answers ----------------------------------------------------------------

PAPER_CHANNELS = (Channel.PAPER, Channel.INTERVIEW)


def enter_paper_answers(*, by, survey, answers: Mapping, channel: str) -> Response:
    """An official types in the answers of one paper form or interview. No respondent (the
    person is not known); the response is marked with its channel. A paper form may leave a
    required question unanswered (the official cannot answer for the person), but not every
    question. The audit event says only that one was entered, and how."""
    require("surveys.enter_paper_answers", by, survey)
    if channel not in PAPER_CHANNELS:
        raise InvalidInput(_("Choose whether the answers were given on paper or in an interview."))
    if survey.status != SurveyStatus.PUBLISHED or not survey.process.is_published:
        raise Conflict(_("Publish the survey before entering answers given on paper."))
    opens, _closes = survey.window()
    if opens is None or timezone.now() < opens:
        raise Conflict(_("Answers can be entered once the survey has opened."))
    if survey.has_closed():
        # After the close the answers are final (read, exported, sealed): one official adding
        # forms then would change results already read (issue 12 review).
        raise Conflict(
            _("The survey has closed. Answers given on paper are entered before the close.")
        )
    rows = checked_rows(survey, questions_of(survey), answers, complete=False)
    if not rows:
        raise AnswersRefused([Problem(None, _("Enter at least one answer."))])
    with transaction.atomic():
        response = Response.objects.create(survey=survey, submitted=True, channel=channel)
        _write_rows(response, rows)
        audit.record(
            by, "survey.paper_answers_entered", survey, round_id=survey.process_id, responses=1
        )
    return response


# -- an address to be told what came of it ------------------------------------------------------


def leave_follow_up_address(*, survey, email: str) -> None:
    """Keep an e-mail address to tell the respondent what came of the dialogue. Its own
    transaction, after the answer's: nothing in it (no response, no time, a random key) joins
    it to what they answered. An address left twice is kept once, and says nothing about it."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidInput(
            _("Write an e-mail address like name@example.se."), field="email"
        ) from None
    if not survey.is_published:
        raise NotAllowed(_("This survey is not published."))
    if survey.has_closed():
        raise Conflict(_("This survey has closed."))
    with transaction.atomic():
        FollowUpAddress.objects.get_or_create(survey=survey, email=email)
