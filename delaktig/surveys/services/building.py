"""Building a survey: its settings, sections and questions, publishing it (issue 12).

Every write checks the same permission as the page, runs in a transaction on the locked
survey row, and records an audit event. Wrong input raises `InvalidInput` with a Swedish
sentence and, where it belongs to a field, the field's name.

Once the first answer is sent in (`Survey.is_locked`), questions, options, statements, kinds,
conditions and order are frozen, as the rules of a ballot are once voting opens; only a typo
fix of a text stays allowed (`correct_texts`), each one in the audit log with the old and the
new text.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from delaktig.audit.services import record
from delaktig.core.errors import Conflict, InvalidInput
from delaktig.core.ordering import move_one_place, renumber
from delaktig.core.permissions import require

from ..models import (
    CHOICE_KINDS,
    SCALE_KINDS,
    Option,
    Purpose,
    Question,
    QuestionKind,
    Section,
    Statement,
    Survey,
    SurveyStatus,
)
from ..queries import TEXT_CORRECTED, ordered_questions

PERM_MANAGE = "surveys.manage_surveys"
PERM_CHANGE_QUESTIONS = "surveys.change_questions"
MAX_SCALE_STEPS = 11
SCALE_LIMIT = 100  # the values of a scale's ends, either way from 0
SURVEY_FIELDS = (
    "title",
    "intro",
    "purpose",
    "access",
    "min_group_size",
    "opens_at",
    "closes_at",
    "free_text_max",
    "results_public",
)
# Once the first answer is in, who may answer, K, the purpose and the opening stay as they
# were (as a ballot's rules freeze when voting opens, ADR 0001): changing them would give one
# official two readings of the same answers to compare (issue 12 review).
FROZEN_ONCE_ANSWERED = ("access", "min_group_size", "purpose", "opens_at")
# The kinds whose answers are options: choices, and the items of a ranking.
OPTION_KINDS = (*CHOICE_KINDS, QuestionKind.RANKING)


def purposes_for(process) -> list[str]:
    """A dialogue consults; a budget round asks for needs before proposals, or evaluates."""
    if process.holds("consultation"):
        return [Purpose.CONSULTATION]
    return [Purpose.NEEDS, Purpose.EVALUATION]


def _locked_survey(survey) -> Survey:
    """The survey row, locked for the rest of the transaction (fresh from the database)."""
    return (
        Survey.objects.select_for_update(of=("self",)).select_related("process").get(pk=survey.pk)
    )


def _full_clean(obj, exclude=None) -> None:
    """The model's own rules as an `InvalidInput` naming the field."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            name, errors = next(iter(error.error_dict.items()))
            raise InvalidInput(
                errors[0].messages[0], field=None if name == "__all__" else name
            ) from None
        raise InvalidInput(error.messages[0]) from None


# -- the survey --------------------------------------------------------------------------------


def _unique_slug(process, title: str) -> str:
    base = slugify(title)[:70] or "enkat"
    slug, n = base, 2
    while Survey.objects.filter(process=process, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _apply_settings(survey: Survey, data: dict) -> list[str]:
    if data.get("purpose") and data["purpose"] not in purposes_for(survey.process):
        raise InvalidInput(
            _(
                "A dialogue's survey is a consultation; a budget round's asks for needs or "
                "evaluates."
            )
            if survey.process.holds("consultation")
            else _("A survey in a budget round asks for needs or evaluates the result."),
            field="purpose",
        )
    changed = [f for f in SURVEY_FIELDS if f in data and getattr(survey, f) != data[f]]
    for name in changed:
        setattr(survey, name, data[name])
    survey.title = (survey.title or "").strip()
    if not survey.title:
        raise InvalidInput(_("Give the survey a title."), field="title")
    if not 3 <= (survey.min_group_size or 0) <= 50:
        raise InvalidInput(
            _(
                "The smallest group shown (K) must be a number from 3 to 50, so that nobody's "
                "answers can be picked out."
            ),
            field="min_group_size",
        )
    _full_clean(survey, exclude=["slug", "process", "created_by"])
    return changed


def create_survey(*, by, process, data: dict) -> Survey:
    """A new draft survey of `process` with the settings in `data` (SURVEY_FIELDS)."""
    require(PERM_MANAGE, by, process)
    data = {"purpose": purposes_for(process)[0], **data}
    with transaction.atomic():
        survey = Survey(process=process, created_by=by)
        _apply_settings(survey, data)
        survey.slug = _unique_slug(process, survey.title)
        survey.save()
        record(by, "survey.created", survey, round_id=process.pk)
    return survey


def update_survey(*, by, survey: Survey, data: dict) -> Survey:
    """Change a survey's settings (allowed after the first answer too: they are not the
    questions; K stays within 3–50)."""
    require(PERM_MANAGE, by, survey.process)
    with transaction.atomic():
        survey = _locked_survey(survey)
        if survey.is_locked():
            _check_answered_settings(survey, data)
        changed = _apply_settings(survey, data)
        if changed:
            survey.save()
            record(by, "survey.changed", survey, round_id=survey.process_id, fields=changed)
    return survey


def _check_answered_settings(survey: Survey, data: dict) -> None:
    """A survey with answers: who may answer, K, the purpose and the opening stay; the close
    may only move later, and only while the survey is open."""
    for name in FROZEN_ONCE_ANSWERED:
        if name in data and data[name] != getattr(survey, name):
            raise Conflict(
                _(
                    "The survey has answers, so who may answer, the smallest group shown, the "
                    "purpose and the opening can no longer change."
                ),
                field=name,
            )
    if "closes_at" not in data or data["closes_at"] == survey.closes_at:
        return
    _opens, closes = survey.window()
    if survey.has_closed():
        raise Conflict(_("The survey has closed and cannot be opened again."), field="closes_at")
    if closes is not None and (data["closes_at"] is None or data["closes_at"] < closes):
        raise Conflict(
            _("The survey has answers: its closing can be moved later, not earlier."),
            field="closes_at",
        )


def publish_problems(survey: Survey) -> list[str]:
    """What stops the survey from being published, in sentences (empty: it can be)."""
    problems = []
    if not survey.questions.exists():
        problems.append(_("Add at least one question."))
    try:
        survey.clean()
    except ValidationError as error:
        problems.extend(error.messages)
    _opens, closes = survey.window()
    if closes is None:
        # A survey that never closes is never sealed (ADR 0005): its answers would stay
        # findable by their locators and their storage order (issue 12 review).
        problems.append(
            _("Give the survey a closing date, or give the dialogue's open phase an end.")
        )
    elif closes <= timezone.now():
        problems.append(_("The closing date has passed. Give the survey a later closing date."))
    return problems


def publish_survey(*, by, survey: Survey) -> Survey:
    """Publish a draft: from its opening date people who may answer can answer."""
    require(PERM_MANAGE, by, survey.process)
    with transaction.atomic():
        survey = _locked_survey(survey)
        if survey.status == SurveyStatus.PUBLISHED:
            raise Conflict(_("The survey is already published."))
        if problems := publish_problems(survey):
            raise InvalidInput(" ".join(problems))
        survey.status = SurveyStatus.PUBLISHED
        survey.published_at = timezone.now()
        survey.save(update_fields=["status", "published_at", "updated_at"])
        record(by, "survey.published", survey, round_id=survey.process_id)
    return survey


def unpublish_survey(*, by, survey: Survey) -> Survey:
    """Back to a draft, hidden from residents: only while nobody has answered."""
    with transaction.atomic():
        survey = _locked_survey(survey)
        require("surveys.unpublish_survey", by, survey)
        if survey.status != SurveyStatus.PUBLISHED:
            raise Conflict(_("The survey is already a draft."))
        survey.status = SurveyStatus.DRAFT
        survey.published_at = None
        survey.save(update_fields=["status", "published_at", "updated_at"])
        record(by, "survey.unpublished", survey, round_id=survey.process_id)
    return survey


# -- sections ----------------------------------------------------------------------------------


def _section_fields(title: str, intro: str) -> tuple[str, str]:
    title = (title or "").strip()
    if not title:
        raise InvalidInput(_("Give the section a title."), field="title")
    if len(title) > 150:
        raise InvalidInput(_("The title can have at most 150 characters."), field="title")
    return title, (intro or "").strip()


def add_section(*, by, survey: Survey, title: str, intro: str = "") -> Section:
    title, intro = _section_fields(title, intro)
    with transaction.atomic():
        survey = _locked_survey(survey)
        require(PERM_CHANGE_QUESTIONS, by, survey)
        section = Section.objects.create(
            survey=survey, title=title, intro=intro, position=survey.sections.count()
        )
        record(by, "survey.section_added", survey, round_id=survey.process_id, section=title)
    return section


def update_section(*, by, section: Section, title: str, intro: str = "") -> Section:
    """Rename a section or change its introduction (allowed after the first answer: it
    changes no question; logged)."""
    title, intro = _section_fields(title, intro)
    with transaction.atomic():
        survey = _locked_survey(section.survey)
        require(PERM_MANAGE, by, survey.process)
        old = section.title
        section.title, section.intro = title, intro
        section.save(update_fields=["title", "intro"])
        record(by, "survey.section_changed", survey, round_id=survey.process_id, old=old, new=title)
    return section


def move_section(*, by, section: Section, up: bool) -> None:
    with transaction.atomic():
        survey = _locked_survey(section.survey)
        require(PERM_CHANGE_QUESTIONS, by, survey)
        sections = list(survey.sections.all())
        move_one_place(sections, section.pk, up)
        renumber(sections)
        _check_conditions(survey)
        record(by, "survey.section_moved", survey, round_id=survey.process_id, section=section.pk)


def delete_section(*, by, section: Section) -> None:
    """Delete an empty section (its questions are moved or deleted first, on purpose)."""
    with transaction.atomic():
        survey = _locked_survey(section.survey)
        require(PERM_CHANGE_QUESTIONS, by, survey)
        if section.questions.exists():
            raise Conflict(
                _("The section has questions. Move them to another section or delete them first.")
            )
        title = section.title
        section.delete()
        renumber(list(survey.sections.all()))
        record(by, "survey.section_deleted", survey, round_id=survey.process_id, section=title)


# -- questions ---------------------------------------------------------------------------------


@dataclass
class QuestionData:
    """What an official says about a question. `options`: the choices, or the items to rank;
    `statements`: the rows of a matrix; `show_if_*`: shown only when the answer to that earlier
    one- or several-choice question is one of those options."""

    kind: str
    text: str
    section_id: int | None = None
    help_text: str = ""
    required: bool = False
    options: list[str] = field(default_factory=list)
    statements: list[str] = field(default_factory=list)
    min_choices: int | None = None
    max_choices: int | None = None
    allow_other: bool = False
    scale_min: int | None = None
    scale_max: int | None = None
    scale_min_label: str = ""
    scale_max_label: str = ""
    allow_dont_know: bool = False
    show_if_question_id: int | None = None
    show_if_option_ids: list[int] = field(default_factory=list)


def _lines(values, *, longest: int, name: str) -> list[str]:
    texts = [v.strip() for v in values if v and v.strip()]
    for text in texts:
        if len(text) > longest:
            raise InvalidInput(
                _("“%(text)s…” is too long: at most %(n)s characters.")
                % {"text": text[:30], "n": longest},
                field=name,
            )
    seen = set()
    for text in texts:
        if text.casefold() in seen:
            raise InvalidInput(
                _("“%(text)s” is there twice. Each line must be different.") % {"text": text},
                field=name,
            )
        seen.add(text.casefold())
    return texts


def _validate(data: QuestionData) -> QuestionData:
    """The rules of each kind; fields a kind does not use are emptied."""
    if data.kind not in QuestionKind.values:
        raise InvalidInput(_("Choose what kind of question it is."), field="kind")
    data.text = (data.text or "").strip()
    if not data.text:
        raise InvalidInput(_("Write the question."), field="text")
    if len(data.text) > 300:
        raise InvalidInput(_("The question can have at most 300 characters."), field="text")
    data.help_text = (data.help_text or "").strip()
    if len(data.help_text) > 500:
        raise InvalidInput(_("The help text can have at most 500 characters."), field="help_text")
    kind = data.kind
    data.options = _lines(data.options, longest=200, name="options") if kind in OPTION_KINDS else []
    data.statements = (
        _lines(data.statements, longest=300, name="statements")
        if kind == QuestionKind.MATRIX
        else []
    )
    if kind in CHOICE_KINDS and len(data.options) < 2:
        raise InvalidInput(
            _("A choice question needs at least two answer options, one per line."),
            field="options",
        )
    if kind == QuestionKind.RANKING and len(data.options) < 2:
        raise InvalidInput(
            _("A ranking needs at least two things to rank, one per line."), field="options"
        )
    if kind == QuestionKind.MATRIX and not data.statements:
        raise InvalidInput(
            _("A matrix question needs at least one statement, one per line."),
            field="statements",
        )
    if kind == QuestionKind.MULTIPLE:
        _validate_choices(data)
    else:
        data.min_choices = data.max_choices = None
    if kind not in CHOICE_KINDS:
        data.allow_other = False
    if kind in SCALE_KINDS:
        _validate_scale(data)
    else:
        data.scale_min = data.scale_max = None
        data.scale_min_label = data.scale_max_label = ""
        data.allow_dont_know = False
    return data


def _validate_choices(data: QuestionData) -> None:
    n = len(data.options) + (1 if data.allow_other else 0)
    low, high = data.min_choices, data.max_choices
    if low is not None and low < 1:
        raise InvalidInput(_("The fewest choices must be at least 1."), field="min_choices")
    if high is not None and high < 1:
        raise InvalidInput(_("The most choices must be at least 1."), field="max_choices")
    if low is not None and high is not None and low > high:
        raise InvalidInput(
            _("The fewest choices cannot be more than the most choices."), field="min_choices"
        )
    if high is not None and high > n:
        raise InvalidInput(
            _("The most choices cannot be more than the %(n)s answer options.") % {"n": n},
            field="max_choices",
        )
    if low is not None and low > n:
        raise InvalidInput(
            _("The fewest choices cannot be more than the %(n)s answer options.") % {"n": n},
            field="min_choices",
        )


def _validate_scale(data: QuestionData) -> None:
    if data.scale_min is None:
        raise InvalidInput(_("Give the lowest value of the scale."), field="scale_min")
    if data.scale_max is None:
        raise InvalidInput(_("Give the highest value of the scale."), field="scale_max")
    for name in ("scale_min", "scale_max"):
        if not -SCALE_LIMIT <= getattr(data, name) <= SCALE_LIMIT:
            raise InvalidInput(
                _("A value of the scale must be from %(low)s to %(high)s.")
                % {"low": -SCALE_LIMIT, "high": SCALE_LIMIT},
                field=name,
            )
    if data.scale_min >= data.scale_max:
        raise InvalidInput(
            _("The highest value must be greater than the lowest."), field="scale_max"
        )
    if data.scale_max - data.scale_min + 1 > MAX_SCALE_STEPS:
        raise InvalidInput(
            _("A scale can have at most %(n)s steps, for example 0 to 10.")
            % {"n": MAX_SCALE_STEPS},
            field="scale_max",
        )
    data.scale_min_label = (data.scale_min_label or "").strip()
    data.scale_max_label = (data.scale_max_label or "").strip()
    if not data.scale_min_label:
        raise InvalidInput(
            _("Say what the lowest value means, for example “Not at all”."),
            field="scale_min_label",
        )
    if not data.scale_max_label:
        raise InvalidInput(
            _("Say what the highest value means, for example “Completely”."),
            field="scale_max_label",
        )
    for name in ("scale_min_label", "scale_max_label"):
        if len(getattr(data, name)) > 60:
            raise InvalidInput(_("A label can have at most 60 characters."), field=name)


def _condition(survey: Survey, question: Question, data: QuestionData):
    """The question and options a question is shown after, checked: an earlier one- or
    several-choice question of the same survey, and options of that question."""
    if data.show_if_question_id is None:
        if data.show_if_option_ids:
            raise InvalidInput(
                _("Choose the question the options belong to."), field="show_if_question"
            )
        return None, []
    condition = survey.questions.filter(pk=data.show_if_question_id).first()
    if condition is None or condition.kind not in CHOICE_KINDS:
        raise InvalidInput(
            _("A question can only depend on a one- or several-choice question of this survey."),
            field="show_if_question",
        )
    if condition.pk == question.pk:
        raise InvalidInput(
            _("A question cannot depend on its own answer."), field="show_if_question"
        )
    options = list(condition.options.filter(pk__in=data.show_if_option_ids))
    if len(options) != len(set(data.show_if_option_ids)):
        raise InvalidInput(
            _("Choose answer options of the question it depends on."), field="show_if_options"
        )
    if not options:
        raise InvalidInput(
            _("Choose the answers after which the question is shown."), field="show_if_options"
        )
    return condition, options


def _check_conditions(survey: Survey, focus: Question | None = None) -> None:
    """Every conditional question comes after the question it depends on, and that question
    still has choices (raised as InvalidInput, rolling back the change). An error about
    `focus` itself (the question being saved) goes beside its condition field."""
    questions = ordered_questions(survey)
    place = {q.pk: i for i, q in enumerate(questions)}
    for question in questions:
        condition = question.show_if_question
        if condition is None:
            continue
        if place[condition.pk] >= place[question.pk]:
            raise InvalidInput(
                _(
                    "“%(question)s” is shown only after an answer to “%(condition)s”, so it must "
                    "come after that question."
                )
                % {"question": question.text, "condition": condition.text},
                field="show_if_question" if focus and focus.pk == question.pk else None,
            )
        if condition.kind not in CHOICE_KINDS:
            raise InvalidInput(
                _(
                    "“%(question)s” depends on the answer to this question, so it must stay a "
                    "one- or several-choice question."
                )
                % {"question": question.text},
                field="kind",
            )


def _sync(question: Question, model, related: str, texts: list[str], name: str) -> None:
    """Make the question's options (or statements) these texts in this order: rows whose text
    stays are kept (so conditions on them hold), the others deleted, new ones created."""
    existing = {row.text: row for row in getattr(question, related).all()}
    gone = [row for text, row in existing.items() if text not in texts]
    if model is Option and gone:
        dependent = Question.objects.filter(show_if_options__in=gone).distinct().first()
        if dependent is not None:
            raise InvalidInput(
                _(
                    "“%(question)s” is shown after one of the options you removed. Change that "
                    "question's condition first."
                )
                % {"question": dependent.text},
                field=name,
            )
    for row in gone:
        row.delete()
    for position, text in enumerate(texts):
        row = existing.get(text)
        if row is None:
            model.objects.create(question=question, text=text, position=position)
        elif row.position != position:
            row.position = position
            row.save(update_fields=["position"])


def save_question(
    *, by, survey: Survey, data: QuestionData, question: Question | None = None
) -> Question:
    """Add a question (at the end of its section) or change one, before the first answer."""
    data = _validate(data)
    with transaction.atomic():
        survey = _locked_survey(survey)
        require(PERM_CHANGE_QUESTIONS, by, survey)
        if question is not None and question.survey_id != survey.pk:
            raise InvalidInput(_("The question is not in this survey."))
        section = None
        if data.section_id is not None:
            section = survey.sections.filter(pk=data.section_id).first()
            if section is None:
                raise InvalidInput(_("Choose a section of this survey."), field="section")
        new = question is None
        if not new and data.kind not in CHOICE_KINDS:
            dependent = question.dependent_questions.first()
            if dependent is not None:
                raise InvalidInput(
                    _(
                        "“%(question)s” depends on the answer to this question, so it must stay "
                        "a one- or several-choice question."
                    )
                    % {"question": dependent.text},
                    field="kind",
                )
        if new:
            question = Question(survey=survey)
        moved = new or question.section_id != (section.pk if section else None)
        question.section = section
        if moved:
            question.position = survey.questions.filter(section=section).count()
        for name in (
            "kind",
            "text",
            "help_text",
            "required",
            "min_choices",
            "max_choices",
            "allow_other",
            "scale_min",
            "scale_max",
            "scale_min_label",
            "scale_max_label",
            "allow_dont_know",
        ):
            setattr(question, name, getattr(data, name))
        condition, options = _condition(survey, question, data)
        question.show_if_question = condition
        question.save()
        question.show_if_options.set(options)
        _sync(question, Option, "options", data.options, "options")
        _sync(question, Statement, "statements", data.statements, "statements")
        _check_conditions(survey, focus=question)
        record(
            by,
            "survey.question_added" if new else "survey.question_changed",
            survey,
            round_id=survey.process_id,
            question=question.pk,
            text=question.text,
        )
    return question


def move_question(*, by, question: Question, up: bool) -> None:
    """One place up or down within its section."""
    with transaction.atomic():
        survey = _locked_survey(question.survey)
        require(PERM_CHANGE_QUESTIONS, by, survey)
        siblings = list(survey.questions.filter(section_id=question.section_id))
        move_one_place(siblings, question.pk, up)
        renumber(siblings)
        _check_conditions(survey)
        record(
            by, "survey.question_moved", survey, round_id=survey.process_id, question=question.pk
        )


def delete_question(*, by, question: Question) -> None:
    with transaction.atomic():
        survey = _locked_survey(question.survey)
        require(PERM_CHANGE_QUESTIONS, by, survey)
        dependent = question.dependent_questions.first()
        if dependent is not None:
            raise Conflict(
                _(
                    "“%(question)s” is shown after an answer to this question. Change that "
                    "question's condition first."
                )
                % {"question": dependent.text}
            )
        text, section_id = question.text, question.section_id
        question.delete()
        renumber(list(survey.questions.filter(section_id=section_id)))
        record(by, "survey.question_deleted", survey, round_id=survey.process_id, text=text)


# -- typo fixes after the first answer ---------------------------------------------------------


# Words that turn a statement around: a "typo fix" may not add or remove one (issue 12 review:
# "Jag är nöjd" → "Jag är ej nöjd" passed as a fix and turned every answer given around).
NEGATIONS = frozenset(
    {"inte", "ej", "icke", "ingen", "inget", "inga", "aldrig", "not", "no", "never", "none"}
)


def _negations(text: str) -> list[str]:
    return sorted(w for w in re.findall(r"\w+", text.casefold()) if w in NEGATIONS)


def is_small_fix(old: str, new: str) -> bool:
    """A typo fix changes a few characters (at most a fifth of the text, and at least two may
    always change), not the meaning: "Bussar" → "Bussarna" is a fix, "Ja" → "Nej" is not, and
    neither is adding or removing a "not"."""
    if _negations(old) != _negations(new):
        return False
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    changed = sum(
        max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    )
    return changed <= max(2, len(old) // 5)


def correct_texts(
    *,
    by,
    question: Question,
    text: str,
    help_text: str | None = None,
    options: dict[int, str] | None = None,
    statements: dict[int, str] | None = None,
) -> int:
    """Fix typos in a question's text, help text, options and statements: allowed after the
    first answer too, since the meaning stays; each change is in the audit log with the old and
    the new text (shown on the survey's page). Returns how many texts changed."""
    with transaction.atomic():
        survey = _locked_survey(question.survey)
        require(PERM_MANAGE, by, survey.process)
        if question.survey_id != survey.pk:
            raise InvalidInput(_("The question is not in this survey."))
        changes = []  # (row, attribute, old, new, field, what)
        changes.append((question, "text", question.text, text, "text", "question"))
        if help_text is not None:
            changes.append(
                (question, "help_text", question.help_text, help_text, "help_text", "help_text")
            )
        for related, given, what in (
            ("options", options or {}, "option"),
            ("statements", statements or {}, "statement"),
        ):
            rows = {row.pk: row for row in getattr(question, related).all()}
            for pk, new in given.items():
                if pk not in rows:
                    raise InvalidInput(_("The answer option is not in this question."))
                changes.append((rows[pk], "text", rows[pk].text, new, f"{what}_{pk}", what))
        count = 0
        for row, attribute, old, new, name, what in changes:
            new = (new or "").strip()
            if new == old:
                continue
            if not new and attribute == "text":
                raise InvalidInput(_("A text cannot be empty."), field=name)
            if survey.is_locked() and not is_small_fix(old, new):
                raise InvalidInput(
                    _(
                        "“%(new)s” changes more than a typo. The survey has answers, so only "
                        "small corrections are allowed: the answers were given to “%(old)s”."
                    )
                    % {"new": new, "old": old},
                    field=name,
                )
            setattr(row, attribute, new)
            _full_clean(row, exclude=["question", "survey", "section", "show_if_question"])
            row.save(update_fields=[attribute])
            record(
                by,
                TEXT_CORRECTED,
                survey,
                round_id=survey.process_id,
                what=what,
                item=row.pk,
                old=old,
                new=new,
            )
            count += 1
    return count
