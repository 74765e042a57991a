from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.utils import timezone

from delaktig.accounts.tests.factories import UserFactory
from delaktig.processes.models import Phase
from delaktig.processes.tests.factories import BudgetRoundFactory

from ..models import Answer, Respondent, Response
from .factories import (
    SectionFactory,
    SurveyFactory,
    choice_question,
    dialogue_factory,
    matrix_question,
    scale_question,
    stored_response,
)

pytestmark = pytest.mark.django_db


def test_a_survey_in_a_budget_round_needs_its_own_dates():
    survey = SurveyFactory.build(process=BudgetRoundFactory(), opens_at=None, closes_at=None)
    with pytest.raises(ValidationError, match="egna datum"):
        survey.clean()


def test_a_dialogue_survey_follows_the_open_phase():
    process = dialogue_factory()
    now = timezone.now()
    Phase.objects.create(
        budget_round=process,
        kind="consult",
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=1),
    )
    survey = SurveyFactory(process=process, opens_at=None, closes_at=None)
    survey.clean()
    assert survey.window() == (now - timedelta(days=1), now + timedelta(days=1))
    assert survey.is_open() and not survey.has_closed()
    assert not survey.is_open(at=now + timedelta(days=2))
    assert survey.has_closed(at=now + timedelta(days=2))


def test_one_respondent_per_person_by_the_database():
    survey, person = SurveyFactory(), UserFactory()
    Respondent.objects.create(survey=survey, person=person, answered_on=timezone.localdate())
    with pytest.raises(IntegrityError):
        Respondent.objects.create(survey=survey, person=person, answered_on=timezone.localdate())


def test_nothing_joins_an_answer_to_a_person():
    """No field of a response or an answer points at a person or says when."""
    for model in (Response, Answer):
        for field in model._meta.get_fields():
            related = getattr(field, "related_model", None)
            assert related is None or related._meta.label not in {"accounts.User"}, field
            assert field.get_internal_type() not in {"DateTimeField", "DateField"}, field
            assert field.name not in {"respondent", "person", "user"}, field


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's hidden rowid")
def test_responses_have_no_hidden_rowid():
    survey = SurveyFactory()
    question = choice_question(survey)
    stored_response(survey, {question: question.options.first()})
    with connection.cursor() as cursor:
        for table in ("surveys_response", "surveys_answer", "surveys_followupaddress"):
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [table])
            assert "WITHOUT ROWID" in cursor.fetchone()[0].upper(), table


def test_stored_responses_of_every_kind():
    survey = SurveyFactory()
    section = SectionFactory(survey=survey)
    scale = scale_question(survey, section=section)
    matrix = matrix_question(survey, statements=("Jag blir lyssnad på", "Jag får information"))
    first, second = matrix.statements.all()
    response = stored_response(survey, {scale: 4, matrix: {first: 2, second: None}})
    got = {(a.statement_id, a.number) for a in response.answers.all()}
    assert got == {(None, 4), (first.pk, 2), (second.pk, None)}


def test_a_survey_for_the_dialogues_people_is_open_to_all_when_the_dialogue_is():
    from django.contrib.auth.models import AnonymousUser

    from delaktig.core.permissions import why_not

    open_to_all = SurveyFactory(process=dialogue_factory(eligibility="anyone"), access="process")
    assert why_not("surveys.answer_survey", AnonymousUser(), open_to_all) is None
    signed_in_only = SurveyFactory(access="process")
    assert "Logga in" in why_not("surveys.answer_survey", AnonymousUser(), signed_in_only)


def test_results_of_a_survey_whose_people_are_known_wait_for_the_close(official):
    """Review attack: an official reads the results, a known colleague answers, the official
    reads again; the difference is the colleague's answer, whatever the K rule."""
    from delaktig.core.permissions import why_not

    known = SurveyFactory(access="signed_in")
    known.process.officials.add(official)
    assert "när enkäten har stängt" in why_not("surveys.view_survey_results", official, known)
    anyone = SurveyFactory(access="anyone", process=known.process)
    assert why_not("surveys.view_survey_results", official, anyone) is None
    known.closes_at = timezone.now() - timedelta(minutes=1)
    known.opens_at = timezone.now() - timedelta(days=2)
    assert why_not("surveys.view_survey_results", official, known) is None
