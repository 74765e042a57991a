"""Question and key-figure blocks: the surveys app's results in the report, under its K rule."""

import pytest

from delaktig.core.errors import InvalidInput
from delaktig.surveys.tests.factories import (
    QuestionFactory,
    SurveyFactory,
    choice_question,
    closed_survey,
    dialogue_factory,
    matrix_question,
    stored_response,
)

from .. import services
from ..models import BlockKind
from ..services import BlockData

pytestmark = pytest.mark.django_db

NEXT = BlockData(BlockKind.NEXT_STEPS, body="Beslut i juni.")


@pytest.fixture
def answered():
    """A closed survey of a dialogue: a matrix answered by eight, a yes/no question."""
    process = dialogue_factory()
    survey = closed_survey(process=process, access="signed_in", min_group_size=5)
    matrix = matrix_question(survey, statements=("Jag får information i tid",))
    (statement,) = matrix.statements.all()
    yes_no = choice_question(survey, ["Ja", "Nej"])
    yes = yes_no.options.get(text="Ja")
    for value in (1, 2, 4, 4, 5, 5, 5, 3):
        stored_response(survey, {matrix: {statement: value}, yes_no: yes})
    return process, survey, matrix, yes_no


def test_a_question_block_shows_the_chart_and_the_same_numbers_in_a_table(official, answered):
    process, _survey, matrix, _yes_no = answered
    report = services.report_for(process)
    services.add_block(
        by=official, report=report, data=BlockData(BlockKind.QUESTION, question_id=matrix.pk)
    )
    services.add_block(by=official, report=report, data=NEXT)
    version = services.publish_version(by=official, report=report)
    assert '<svg role="img"' in version.html and "<table" in version.html
    assert matrix.text in version.html


def test_key_figures_count_answers_and_how_they_were_given(official, answered):
    process, survey, _matrix, _yes_no = answered
    report = services.report_for(process)
    services.add_block(
        by=official, report=report, data=BlockData(BlockKind.FIGURES, survey_id=survey.pk)
    )
    services.add_block(by=official, report=report, data=NEXT)
    html = services.publish_version(by=official, report=report).html
    assert "<dd>8</dd>" in html


def test_a_group_under_k_is_not_shown_in_the_report(official):
    process = dialogue_factory()
    survey = closed_survey(process=process, min_group_size=5)
    question = choice_question(survey, ["Ja", "Nej"])
    for _ in range(3):
        stored_response(survey, {question: question.options.first()})
    report = services.report_for(process)
    services.add_block(
        by=official, report=report, data=BlockData(BlockKind.QUESTION, question_id=question.pk)
    )
    services.add_block(
        by=official, report=report, data=BlockData(BlockKind.FIGURES, survey_id=survey.pk)
    )
    services.add_block(by=official, report=report, data=NEXT)
    html = services.publish_version(by=official, report=report).html
    assert "<dd>3</dd>" not in html and "Ja</th>" not in html


def test_refused_questions_and_surveys(official, answered):
    process, _survey, _matrix, _yes_no = answered
    report = services.report_for(process)
    free_text = QuestionFactory(survey=_survey, kind="long_text")
    other = matrix_question(closed_survey(process=dialogue_factory()))
    for data in (
        BlockData(BlockKind.QUESTION, question_id=free_text.pk),
        BlockData(BlockKind.QUESTION, question_id=other.pk),
        BlockData(BlockKind.QUESTION, question_id=None),
        BlockData(BlockKind.FIGURES, survey_id=other.survey_id),
    ):
        with pytest.raises(InvalidInput):
            services.add_block(by=official, report=report, data=data)
    assert not report.blocks.exists()


def test_a_deleted_question_or_an_open_survey_stops_publishing(official, answered):
    process, _survey, _matrix, yes_no = answered
    report = services.report_for(process)
    services.add_block(
        by=official, report=report, data=BlockData(BlockKind.QUESTION, question_id=yes_no.pk)
    )
    services.add_block(by=official, report=report, data=NEXT)
    yes_no.delete()
    assert any("fråga som har tagits bort" in p for p in services.publishing_problems(report))
    report.blocks.filter(kind=BlockKind.QUESTION).delete()
    still_open = SurveyFactory(process=process, access="signed_in")
    services.add_block(
        by=official, report=report, data=BlockData(BlockKind.FIGURES, survey_id=still_open.pk)
    )
    with pytest.raises(InvalidInput, match="stängt"):
        services.publish_version(by=official, report=report)
