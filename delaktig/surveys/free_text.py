"""Free text: officials read, search and tag the free-text answers of a survey with themes they
define, and pick quotes for the report (issue 12, ADR 0005).

Reading shows the text alone: never the respondent's district, unit, age band or channel, so
a text cannot be put beside a small group. Only submitted responses are read. Services write in
a transaction with an audit event, and refuse wrong input with a Swedish sentence.
"""

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from delaktig.audit.services import record
from delaktig.core.errors import Conflict, InvalidInput
from delaktig.core.permissions import require

from .models import CHOICE_KINDS, TEXT_KINDS, Answer, Question, Quote, Theme
from .personal_data_check import PERSONNUMMER, find_personal_data, names_to_check

PERM_READ = "surveys.read_free_text"
SEARCH_MAX = 100  # characters of a search


# Reading -----------------------------------------------------------------------------------


def text_questions(survey):
    """The questions with free text: short and long text, and choices with "other"."""
    return (
        Question.objects.filter(survey=survey)
        .filter(Q(kind__in=TEXT_KINDS) | Q(kind__in=CHOICE_KINDS, allow_other=True))
        .order_by("position", "pk")
    )


def text_answers(survey):
    """Every free-text answer of the survey's submitted responses."""
    return (
        Answer.objects.filter(
            question__survey=survey, response__submitted=True, option__isnull=True
        )
        .filter(Q(question__kind__in=TEXT_KINDS) | Q(question__kind__in=CHOICE_KINDS))
        .exclude(text="")
    )


def answers_of(question, *, search: str = "", theme=None, untagged: bool = False):
    """The free-text answers to `question`, found by a case-insensitive part of the text, a
    theme or "not tagged yet". In the order of their random keys: not the order they came in.
    Only the text and its themes; nothing about the respondent."""
    # The question is known to hold free text: no join to it (bench/dialogue_export.py).
    answers = Answer.objects.filter(
        question=question, response__submitted=True, option__isnull=True
    ).exclude(text="")
    search = (search or "").strip()[:SEARCH_MAX]
    if search:
        answers = answers.filter(text__icontains=search)
    if theme is not None:
        answers = answers.filter(themes=theme)
    if untagged:
        answers = answers.filter(themes__isnull=True)
    return answers.only("id", "text", "question_id").order_by("id")


def with_themes_and_quotes(answers) -> list:
    """The answers of a page with their themes and quote, in two queries."""
    answers = list(answers)
    ids = [a.pk for a in answers]
    tags = Answer.themes.through.objects.filter(answer_id__in=ids).values_list(
        "answer_id", "theme_id"
    )
    by_answer: dict = {}
    for answer_id, theme_id in tags:
        by_answer.setdefault(answer_id, set()).add(theme_id)
    quotes = {q.answer_id: q for q in Quote.objects.filter(answer_id__in=ids)}
    for answer in answers:
        answer.theme_ids = by_answer.get(answer.pk, set())
        answer.chosen_quote = quotes.get(answer.pk)
    return answers


def themes_with_counts(survey):
    """The survey's themes, each with how many submitted free-text answers carry it."""
    return Theme.objects.filter(survey=survey).annotate(
        count=Count("answers", filter=Q(answers__response__submitted=True), distinct=True)
    )


def untagged_count(survey) -> int:
    return text_answers(survey).filter(themes__isnull=True).count()


def answer_counts(survey) -> dict:
    """{question id: number of free-text answers}."""
    return dict(
        text_answers(survey)
        .values("question_id")
        .annotate(n=Count("id"))
        .values_list("question_id", "n")
    )


def quotes_of(survey):
    return (
        Quote.objects.filter(answer__question__survey=survey)
        .select_related("theme", "answer__question", "checked_by")
        .order_by("answer__question__position", "answer_id")
    )


# Themes ------------------------------------------------------------------------------------


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput(_("Give the theme a name."), field="name")
    if len(name) > 80:
        raise InvalidInput(_("A theme's name can be at most 80 characters."), field="name")
    return name


def _name_taken(survey, name: str, *, but=None) -> bool:
    themes = Theme.objects.filter(survey=survey, name__iexact=name)
    if but is not None:
        themes = themes.exclude(pk=but.pk)
    return themes.exists()


def _taken(name):
    return InvalidInput(
        _("There is already a theme called “%(name)s” in this survey. Choose another name.")
        % {"name": name},
        field="name",
    )


def create_theme(*, by, survey, name: str, description: str = "") -> Theme:
    require(PERM_READ, by, survey.process)
    name = _clean_name(name)
    if _name_taken(survey, name):
        raise _taken(name)
    try:
        with transaction.atomic():
            theme = Theme.objects.create(
                survey=survey, name=name, description=(description or "").strip()[:300]
            )
            record(by, "surveys.theme_created", theme, round_id=survey.process_id)
    except IntegrityError:
        raise _taken(name) from None
    return theme


def change_theme(*, by, theme, name: str, description: str = "") -> Theme:
    survey = theme.survey
    require(PERM_READ, by, survey.process)
    name = _clean_name(name)
    if _name_taken(survey, name, but=theme):
        raise _taken(name)
    old = theme.name
    try:
        with transaction.atomic():
            theme.name, theme.description = name, (description or "").strip()[:300]
            theme.save(update_fields=["name", "description"])
            record(by, "surveys.theme_changed", theme, round_id=survey.process_id, was=old)
    except IntegrityError:
        raise _taken(name) from None
    return theme


def delete_theme(*, by, theme) -> None:
    """Delete a theme: its tags go with it; quotes keep their text without a theme."""
    survey = theme.survey
    require(PERM_READ, by, survey.process)
    with transaction.atomic():
        record(by, "surveys.theme_deleted", theme, round_id=survey.process_id)
        theme.delete()


# Tagging -----------------------------------------------------------------------------------


def _themes_of_survey(survey, themes) -> list:
    themes = list(themes)
    if any(t.survey_id != survey.pk for t in themes):
        raise InvalidInput(_("Choose themes of this survey."))
    return themes


def tag_answer(*, by, answer, themes) -> None:
    """Give the answer exactly these themes (none: untagged)."""
    survey = answer.question.survey
    require(PERM_READ, by, survey.process)
    themes = _themes_of_survey(survey, themes)
    with transaction.atomic():
        answer.themes.set(themes)
        record(
            by,
            "surveys.answer_tagged",
            survey,
            round_id=survey.process_id,
            answer=str(answer.pk),
            themes=[t.pk for t in themes],
        )


def tag_answers(*, by, survey, answers, theme) -> int:
    """Add `theme` to every answer of the queryset (the results of a search); how many were
    not tagged with it before."""
    require(PERM_READ, by, survey.process)
    (theme,) = _themes_of_survey(survey, [theme])
    through = Answer.themes.through
    with transaction.atomic():
        ids = set(answers.filter(question__survey=survey).values_list("pk", flat=True))
        ids -= set(
            through.objects.filter(theme=theme, answer_id__in=ids).values_list(
                "answer_id", flat=True
            )
        )
        through.objects.bulk_create(
            [through(answer_id=i, theme_id=theme.pk) for i in ids], batch_size=500
        )
        record(by, "surveys.answers_tagged", theme, round_id=survey.process_id, count=len(ids))
    return len(ids)


# Quotes ------------------------------------------------------------------------------------


def pick_quote(*, by, answer, theme=None) -> Quote:
    """Choose a free-text answer as a quote for the report. Its text is a draft to redact; it
    is published only once checked (`confirm_quote`)."""
    survey = answer.question.survey
    require(PERM_READ, by, survey.process)
    if theme is not None:
        _themes_of_survey(survey, [theme])
    with transaction.atomic():
        quote, created = Quote.objects.get_or_create(
            answer=answer, defaults={"text": answer.text, "theme": theme}
        )
        if not created:
            raise Conflict(_("This answer is already a quote."))
        record(by, "surveys.quote_picked", quote, round_id=survey.process_id)
    return quote


def _survey_of(quote):
    return quote.answer.question.survey


def change_quote(*, by, quote, text: str, theme=None) -> Quote:
    """Save the text as it will be published (e.g. a part replaced by "[…]"). A changed text
    must be checked again."""
    survey = _survey_of(quote)
    require(PERM_READ, by, survey.process)
    if theme is not None:
        _themes_of_survey(survey, [theme])
    text = (text or "").strip()
    if not text:
        raise InvalidInput(_("The quote needs a text."), field="text")
    if len(text) > max(len(quote.answer.text), survey.free_text_max):
        raise InvalidInput(_("The quote cannot be longer than the answer."), field="text")
    with transaction.atomic():
        changed = text != quote.text
        quote.text, quote.theme = text, theme
        if changed:
            quote.checked_at, quote.checked_by = None, None
        quote.save()
        record(by, "surveys.quote_changed", quote, round_id=survey.process_id, redacted=changed)
    return quote


def findings_in(quote, names=None) -> list:
    """What in the quote's text looks like personal data (personal_data_check)."""
    if names is None:
        names = names_to_check(_survey_of(quote).process)
    return find_personal_data(quote.text, names)


def confirm_quote(*, by, quote, confirmed: bool = False) -> Quote:
    """Mark the quote as checked, ready for the report. Refused while it holds what looks like
    a personnummer (it must be redacted), and while anything else is flagged unless the
    official confirms that the quote points nobody out."""
    survey = _survey_of(quote)
    require(PERM_READ, by, survey.process)
    with transaction.atomic():
        quote = Quote.objects.select_for_update().get(pk=quote.pk)
        findings = findings_in(quote, names_to_check(survey.process))
        if any(f.kind == PERSONNUMMER for f in findings):
            raise InvalidInput(
                _(
                    "The quote holds what looks like a personal identity number. Replace it "
                    "with “[…]” before the quote can be used."
                ),
                field="text",
            )
        if findings and not confirmed:
            raise InvalidInput(
                _(
                    "The quote holds what may be personal data (marked below). Replace it with "
                    "“[…]”, or confirm that you have checked that the quote points nobody out."
                ),
                field="confirmed",
            )
        quote.checked_at, quote.checked_by = timezone.now(), by
        quote.save(update_fields=["checked_at", "checked_by"])
        record(
            by,
            "surveys.quote_checked",
            quote,
            round_id=survey.process_id,
            flagged=sorted({f.kind for f in findings}),
        )
    return quote


def remove_quote(*, by, quote) -> None:
    survey = _survey_of(quote)
    require(PERM_READ, by, survey.process)
    with transaction.atomic():
        record(by, "surveys.quote_removed", quote, round_id=survey.process_id)
        quote.delete()
