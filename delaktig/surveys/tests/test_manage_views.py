"""The officials' survey builder pages: who may open them, the forms, tampered ids, the lock."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from delaktig.accounts.tests.factories import UserFactory

from ..models import Question, Survey, SurveyStatus
from .factories import (
    SectionFactory,
    SurveyFactory,
    choice_question,
    dialogue_factory,
    stored_response,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(official):
    survey = SurveyFactory(status=SurveyStatus.DRAFT)
    survey.process.officials.add(official)
    return survey


def url(name, survey, **kwargs):
    return reverse(
        f"surveys_manage:{name}", kwargs={"slug": survey.process.slug, "pk": survey.pk, **kwargs}
    )


def pages(survey):
    question = choice_question(survey)
    section = SectionFactory(survey=survey)
    return [
        reverse("surveys_manage:list", kwargs={"slug": survey.process.slug}),
        reverse("surveys_manage:create", kwargs={"slug": survey.process.slug}),
        url("survey", survey),
        url("edit", survey),
        url("publish", survey),
        url("section_add", survey),
        url("section_edit", survey, section_pk=section.pk),
        url("section_delete", survey, section_pk=section.pk),
        url("question_add", survey),
        url("question_edit", survey, question_pk=question.pk),
        url("question_delete", survey, question_pk=question.pk),
    ]


def test_anonymous_is_sent_to_sign_in(client, survey):
    for page in pages(survey):
        response = client.get(page)
        assert response.status_code == 302 and "/konto/login/" in response["Location"], page


@pytest.mark.parametrize(
    ("who", "sentence"),
    [
        ("resident", "Bara handläggare"),
        ("moderator", "Bara handläggare"),
        ("other_official", "inte handläggare för den här omgången"),
    ],
)
def test_others_are_refused_with_the_reason(client, survey, who, sentence):
    user = (
        UserFactory(is_official=True)
        if who == "other_official"
        else UserFactory(**{"is_moderator": who == "moderator"})
    )
    client.force_login(user)
    for page in pages(survey):
        response = client.get(page)
        assert response.status_code == 403, page
        assert sentence in response.content.decode(), page
    move = url("question_move", survey, question_pk=survey.questions.first().pk)
    assert client.post(move, {"up": "1"}).status_code == 403


def test_the_round_manage_page_links_to_the_surveys(client, official, survey):
    client.force_login(official)
    page = client.get(
        reverse("processes_manage:round_manage", kwargs={"slug": survey.process.slug})
    )
    assert (
        reverse("surveys_manage:list", kwargs={"slug": survey.process.slug})
        in page.content.decode()
    )


def test_official_creates_a_survey_with_k_explained(client, official):
    process = dialogue_factory()
    client.force_login(official)
    create = reverse("surveys_manage:create", kwargs={"slug": process.slug})
    page = client.get(create).content.decode()
    assert "3 till 50" in page
    response = client.post(
        create,
        {
            "title": "Tillit i Vansbro",
            "purpose": "consultation",
            "access": "anyone",
            "min_group_size": "2",
            "free_text_max": "2000",
            "opens_at": "2030-01-01T10:00",
            "closes_at": "2030-02-01T10:00",
        },
    )
    assert response.status_code == 200
    assert "data-error-summary" in response.content.decode()
    assert "minst 3" in response.content.decode()
    response = client.post(
        create,
        {
            "title": "Tillit i Vansbro",
            "purpose": "consultation",
            "access": "anyone",
            "min_group_size": "5",
            "free_text_max": "2000",
            "opens_at": "2030-01-01T10:00",
            "closes_at": "2030-02-01T10:00",
        },
    )
    survey = Survey.objects.get()
    assert response.status_code == 302 and response["Location"] == url("survey", survey)
    assert survey.status == SurveyStatus.DRAFT and survey.created_by == official


def test_a_budget_round_survey_form_needs_dates(client, official):
    from delaktig.processes.tests.factories import BudgetRoundFactory

    process = BudgetRoundFactory()
    client.force_login(official)
    response = client.post(
        reverse("surveys_manage:create", kwargs={"slug": process.slug}),
        {
            "title": "Behov",
            "purpose": "needs",
            "access": "process",
            "min_group_size": "5",
            "free_text_max": "2000",
        },
    )
    assert response.status_code == 200
    assert not Survey.objects.exists()


def test_add_a_matrix_question_and_a_condition_through_the_form(client, official, survey):
    client.force_login(official)
    response = client.post(
        url("question_add", survey),
        {"kind": "single", "text": "Åker du buss?", "options": "Ja\nNej"},
    )
    assert response.status_code == 302
    bus = Question.objects.get(text="Åker du buss?")
    response = client.post(
        url("question_add", survey),
        {
            "kind": "matrix",
            "text": "Hur trygg känner du dig?",
            "scale_min": "1",
            "scale_max": "5",
            "scale_min_label": "Inte alls",
            "scale_max_label": "Helt",
            "statements": "På bussen\nVid hållplatsen",
            "show_if_question": bus.pk,
            "show_if_options": [bus.options.get(text="Ja").pk],
        },
    )
    assert response.status_code == 302
    matrix = Question.objects.get(kind="matrix")
    assert matrix.show_if_question == bus and matrix.statements.count() == 2
    page = client.get(url("survey", survey)).content.decode()
    assert "Hur trygg känner du dig?" in page and "Vid hållplatsen" in page


def test_a_rule_broken_is_shown_beside_its_field(client, official, survey):
    client.force_login(official)
    response = client.post(
        url("question_add", survey), {"kind": "single", "text": "Ja eller nej?", "options": "Ja"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "data-error-summary" in content and "minst två svarsalternativ" in content
    assert 'href="#id_options"' in content


def test_tampered_ids_give_404_or_a_form_error(client, official, survey):
    client.force_login(official)
    other = choice_question(SurveyFactory())
    assert client.get(url("question_edit", survey, question_pk=other.pk)).status_code == 404
    foreign = SurveyFactory()
    tampered = reverse(
        "surveys_manage:survey", kwargs={"slug": survey.process.slug, "pk": foreign.pk}
    )
    assert client.get(tampered).status_code == 404
    section = SectionFactory()
    assert client.get(url("section_edit", survey, section_pk=section.pk)).status_code == 404
    response = client.post(
        url("question_add", survey),
        {
            "kind": "short_text",
            "text": "Varför?",
            "show_if_question": other.pk,
            "show_if_options": [other.options.first().pk],
        },
    )
    # No choice question in this survey yet: the condition fields are not offered at all.
    assert response.status_code == 302
    choice_question(survey)
    response = client.post(
        url("question_add", survey),
        {
            "kind": "short_text",
            "text": "Varför då?",
            "show_if_question": other.pk,
            "show_if_options": [other.options.first().pk],
        },
    )
    assert response.status_code == 200 and "data-error-summary" in response.content.decode()
    SectionFactory(survey=survey)
    response = client.post(
        url("question_add", survey),
        {"kind": "short_text", "text": "x", "section": str(section.pk)},
    )
    assert response.status_code == 200 and "data-error-summary" in response.content.decode()


def test_move_buttons_reorder_questions(client, official, survey):
    a = choice_question(survey, position=0)
    b = choice_question(survey, position=1)
    client.force_login(official)
    response = client.post(url("question_move", survey, question_pk=b.pk), {"up": "1"})
    assert response.status_code == 302
    assert list(Question.objects.filter(survey=survey).values_list("pk", flat=True)) == [b.pk, a.pk]
    assert client.get(url("question_move", survey, question_pk=b.pk)).status_code == 405


def test_publish_confirmation_says_who_from_when(client, official, survey):
    choice_question(survey)
    client.force_login(official)
    survey.access = "process"
    survey.save()
    page = client.get(url("publish", survey)).content.decode()
    assert "Vem får svara" in page and survey.get_access_display() in page
    for sentence in survey.process.audience_sentences():
        assert sentence in page
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.DRAFT
    response = client.post(url("publish", survey), {"confirm": "yes"})
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.PUBLISHED
    client.post(url("unpublish", survey), {"confirm": "yes"})
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.DRAFT


def test_a_draft_survey_is_invisible_to_residents(client, resident, survey):
    client.force_login(resident)
    page = client.get(reverse("surveys:process_surveys", kwargs={"slug": survey.process.slug}))
    assert survey.title not in page.content.decode()


def test_a_survey_without_questions_cannot_be_published(client, official, survey):
    client.force_login(official)
    response = client.post(url("publish", survey), {"confirm": "yes"})
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.DRAFT


def test_after_answers_the_pages_say_why_and_offer_typo_fixes(client, official, survey):
    question = choice_question(survey, text="Åker du bus?")
    survey.status = SurveyStatus.PUBLISHED
    survey.save()
    stored_response(survey, {question: question.options.first()})
    client.force_login(official)
    lock = "Enkäten har svar. Frågor och svarsalternativ är låsta"
    page = client.get(url("survey", survey)).content.decode()
    assert lock in page and "Gör till utkast igen" not in page
    response = client.get(url("question_add", survey), follow=True)
    assert lock in response.content.decode()
    edit = client.get(url("question_edit", survey, question_pk=question.pk)).content.decode()
    assert "Rätta ett stavfel" in edit
    option = question.options.first()
    response = client.post(
        url("question_edit", survey, question_pk=question.pk),
        {
            "text": "Åker du buss?",
            "help_text": "",
            f"option_{option.pk}": option.text,
            f"option_{question.options.last().pk}": question.options.last().text,
        },
    )
    assert response.status_code == 302
    page = client.get(url("survey", survey)).content.decode()
    assert "Ändringar efter första svaret" in page and "Åker du bus?" in page
    response = client.get(url("unpublish", survey), follow=True)
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.PUBLISHED
    assert "kan inte bli ett utkast igen" in response.content.decode()
    response = client.post(url("question_move", survey, question_pk=question.pk), {"up": "0"})
    assert response.status_code == 403
    assert response.status_code == 403 and lock in response.content.decode()


def test_dates_in_the_past_block_publishing(client, official):
    survey = SurveyFactory(
        status=SurveyStatus.DRAFT,
        opens_at=timezone.now() - timedelta(days=5),
        closes_at=timezone.now() - timedelta(days=1),
    )
    choice_question(survey)
    client.force_login(official)
    response = client.get(url("publish", survey), follow=True)
    assert "har passerat" in response.content.decode()


def test_a_budget_round_offers_needs_and_evaluation_and_keeps_its_dates(client, official):
    from delaktig.processes.tests.factories import BudgetRoundFactory

    process = BudgetRoundFactory()
    client.force_login(official)
    create = reverse("surveys_manage:create", kwargs={"slug": process.slug})
    page = client.get(create).content.decode()
    assert 'value="needs"' in page and 'value="evaluation"' in page
    assert 'value="consultation"' not in page
    response = client.post(
        create,
        {
            "title": "Vad behöver parken?",
            "purpose": "needs",
            "access": "process",
            "min_group_size": "10",
            "free_text_max": "500",
            "opens_at": "2030-03-01T08:00",
            "closes_at": "2030-03-20T20:00",
        },
    )
    assert response.status_code == 302
    survey = Survey.objects.get()
    assert (survey.purpose, survey.access, survey.min_group_size) == ("needs", "process", 10)
    response = client.post(
        url("edit", survey),
        {
            "title": "Vad behöver parken?",
            "purpose": "consultation",
            "access": "process",
            "min_group_size": "10",
            "free_text_max": "500",
            "opens_at": "2030-03-01T08:00",
            "closes_at": "2030-03-20T20:00",
        },
    )
    assert response.status_code == 200
    survey.refresh_from_db()
    assert survey.purpose == "needs"


@pytest.mark.parametrize("kind", ["single", "multiple", "scale", "matrix", "ranking", "x"])
def test_nonsense_in_the_question_form_never_gives_a_500(client, official, survey, kind):
    choice_question(survey)
    client.force_login(official)
    response = client.post(
        url("question_add", survey),
        {
            "kind": kind,
            "text": "Fråga?" * 80,
            "options": "\n".join(["x" * 250, "", "y"]),
            "statements": "\n\n",
            "min_choices": "-3",
            "max_choices": "abc",
            "scale_min": "99999999999",
            "scale_max": "1.5",
            "show_if_question": "nonsense",
            "show_if_options": ["0", "abc"],
            "section": "-1",
        },
    )
    assert response.status_code == 200
    assert "data-error-summary" in response.content.decode()
    assert survey.questions.count() == 1


def test_a_budget_rounds_manage_page_links_to_its_surveys_too(client, official):
    from delaktig.processes.tests.factories import BudgetRoundFactory

    process = BudgetRoundFactory()
    client.force_login(official)
    page = client.get(reverse("processes_manage:round_manage", kwargs={"slug": process.slug}))
    assert reverse("surveys_manage:list", kwargs={"slug": process.slug}) in page.content.decode()
