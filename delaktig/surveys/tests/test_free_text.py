import pytest

from delaktig.accounts.tests.factories import UserFactory
from delaktig.audit.models import AuditEvent
from delaktig.core.errors import Conflict, InvalidInput, NotAllowed

from .. import free_text
from ..models import QuestionKind, Quote
from .factories import QuestionFactory, SurveyFactory, choice_question, stored_response

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(official):
    survey = SurveyFactory()
    survey.process.officials.add(official)
    return survey


@pytest.fixture
def question(survey):
    return QuestionFactory(survey=survey, kind=QuestionKind.LONG_TEXT, text="Vad saknas?")


def answer_of(response):
    return response.answers.get()


def test_answers_are_only_submitted_free_text_found_case_insensitively(survey, question):
    stored_response(survey, {question: "Mer BELYSNING i parken"})
    stored_response(survey, {question: "Fler bänkar"})
    stored_response(survey, {question: "belysning vid skolan"}, submitted=False)
    found = free_text.answers_of(question, search="belysning")
    assert [a.text for a in found] == ["Mer BELYSNING i parken"]
    assert free_text.answers_of(question).count() == 2


def test_other_texts_of_choice_questions_are_free_text(survey):
    question = choice_question(survey, allow_other=True)
    stored_response(survey, {question: [question.options.first(), "Något annat"]})
    assert [a.text for a in free_text.answers_of(question)] == ["Något annat"]
    assert list(free_text.text_questions(survey)) == [question]


def test_themes_tagging_and_counts(survey, question, official):
    parks = free_text.create_theme(by=official, survey=survey, name="Parker")
    safety = free_text.create_theme(by=official, survey=survey, name="Trygghet")
    a = answer_of(stored_response(survey, {question: "Mörkt i parken"}))
    b = answer_of(stored_response(survey, {question: "Parken är fin"}))
    stored_response(survey, {question: "Inget"})
    free_text.tag_answer(by=official, answer=a, themes=[parks, safety])
    free_text.tag_answer(by=official, answer=b, themes=[parks])
    counts = {t.name: t.count for t in free_text.themes_with_counts(survey)}
    assert counts == {"Parker": 2, "Trygghet": 1}
    assert free_text.untagged_count(survey) == 1
    assert [x.text for x in free_text.answers_of(question, theme=safety)] == ["Mörkt i parken"]
    assert [x.text for x in free_text.answers_of(question, untagged=True)] == ["Inget"]
    free_text.tag_answer(by=official, answer=a, themes=[])
    assert {t.name: t.count for t in free_text.themes_with_counts(survey)}["Trygghet"] == 0
    assert AuditEvent.objects.filter(action="surveys.answer_tagged").count() == 3


def test_bulk_tagging_tags_every_search_result_once(survey, question, official):
    theme = free_text.create_theme(by=official, survey=survey, name="Park")
    for text in ("park A", "Park B", "skola"):
        stored_response(survey, {question: text})
    found = free_text.answers_of(question, search="park")
    assert free_text.tag_answers(by=official, survey=survey, answers=found, theme=theme) == 2
    assert free_text.tag_answers(by=official, survey=survey, answers=found, theme=theme) == 0
    assert free_text.themes_with_counts(survey).get().count == 2


def test_a_theme_name_twice_is_refused_clearly(survey, official):
    free_text.create_theme(by=official, survey=survey, name="Trygghet")
    with pytest.raises(InvalidInput, match="Det finns redan ett tema som heter"):
        free_text.create_theme(by=official, survey=survey, name=" trygghet ")
    other = free_text.create_theme(by=official, survey=survey, name="Skola")
    with pytest.raises(InvalidInput, match="Det finns redan ett tema som heter"):
        free_text.change_theme(by=official, theme=other, name="TRYGGHET")
    with pytest.raises(InvalidInput):
        free_text.create_theme(by=official, survey=survey, name="   ")


def test_a_theme_of_another_survey_is_refused(survey, question, official):
    elsewhere = SurveyFactory(process=survey.process)
    theme = free_text.create_theme(by=official, survey=elsewhere, name="Annan")
    answer = answer_of(stored_response(survey, {question: "text"}))
    with pytest.raises(InvalidInput):
        free_text.tag_answer(by=official, answer=answer, themes=[theme])
    assert not answer.themes.exists()


def test_renaming_and_deleting_a_theme(survey, question, official):
    theme = free_text.create_theme(by=official, survey=survey, name="Parker")
    answer = answer_of(stored_response(survey, {question: "text"}))
    free_text.tag_answer(by=official, answer=answer, themes=[theme])
    quote = free_text.pick_quote(by=official, answer=answer, theme=theme)
    free_text.change_theme(by=official, theme=theme, name="Grönområden")
    theme.refresh_from_db()
    assert theme.name == "Grönområden"
    free_text.delete_theme(by=official, theme=theme)
    quote.refresh_from_db()
    assert quote.theme is None and not answer.themes.exists()
    assert AuditEvent.objects.filter(action="surveys.theme_deleted").exists()


def test_someone_else_may_not_tag(survey, question, resident):
    answer = answer_of(stored_response(survey, {question: "text"}))
    other_official = UserFactory(is_official=True)
    for user in (resident, other_official):
        with pytest.raises(NotAllowed):
            free_text.create_theme(by=user, survey=survey, name="X")
        with pytest.raises(NotAllowed):
            free_text.pick_quote(by=user, answer=answer)


def test_a_quote_holding_a_personnummer_is_refused_even_when_confirmed(survey, question, official):
    answer = answer_of(stored_response(survey, {question: "Jag heter X, 811218-9876."}))
    quote = free_text.pick_quote(by=official, answer=answer)
    with pytest.raises(InvalidInput, match="personnummer"):
        free_text.confirm_quote(by=official, quote=quote, confirmed=True)
    quote.refresh_from_db()
    assert quote.checked_at is None
    assert not AuditEvent.objects.filter(action="surveys.quote_checked").exists()


def test_a_flagged_quote_is_redacted_then_confirmed(survey, question, official):
    answer = answer_of(
        stored_response(survey, {question: "Ring Olga Officer på 070-123 45 67, hon vet."})
    )
    quote = free_text.pick_quote(by=official, answer=answer)
    assert {f.kind for f in free_text.findings_in(quote)} == {"name", "phone"}
    with pytest.raises(InvalidInput, match="kan vara personuppgifter"):
        free_text.confirm_quote(by=official, quote=quote)
    free_text.change_quote(by=official, quote=quote, text="Ring […] på […], hon vet.")
    assert free_text.findings_in(quote) == []
    free_text.confirm_quote(by=official, quote=quote)
    quote.refresh_from_db()
    assert quote.checked_by == official and quote.checked_at is not None
    event = AuditEvent.objects.get(action="surveys.quote_checked")
    assert event.actor == official and "070" not in event.object_repr
    # the answer itself is kept as given
    answer.refresh_from_db()
    assert "070-123 45 67" in answer.text


def test_a_flagged_quote_may_be_confirmed_explicitly(survey, question, official):
    answer = answer_of(stored_response(survey, {question: "Olga Officer är en bra chef."}))
    quote = free_text.pick_quote(by=official, answer=answer)
    free_text.confirm_quote(by=official, quote=quote, confirmed=True)
    assert AuditEvent.objects.get(action="surveys.quote_checked").data["flagged"] == ["name"]


def test_changing_a_checked_quote_needs_a_new_check(survey, question, official):
    answer = answer_of(stored_response(survey, {question: "Bra park"}))
    quote = free_text.pick_quote(by=official, answer=answer)
    free_text.confirm_quote(by=official, quote=quote)
    free_text.change_quote(by=official, quote=quote, text="Bra […]")
    quote.refresh_from_db()
    assert quote.checked_at is None
    with pytest.raises(InvalidInput):
        free_text.change_quote(by=official, quote=quote, text="  ")


def test_an_answer_is_picked_once(survey, question, official):
    answer = answer_of(stored_response(survey, {question: "Bra park"}))
    free_text.pick_quote(by=official, answer=answer)
    with pytest.raises(Conflict):
        free_text.pick_quote(by=official, answer=answer)
    assert Quote.objects.count() == 1
