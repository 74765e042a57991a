"""The surveys component's step in the task list a dialogue is set up with (issue 12)."""

import pytest

from delaktig.processes import setup
from delaktig.processes.tests.factories import round_in_phase
from delaktig.surveys.tests.factories import SurveyFactory, dialogue_factory

pytestmark = pytest.mark.django_db


def _surveys_step(process):
    return [s for s in setup.steps(process) if s.title == "Enkäter"]


def test_a_dialogue_without_surveys_is_asked_to_add_one():
    process = dialogue_factory(status="draft")
    [step] = _surveys_step(process)
    assert step.status == setup.TODO and step.hint == "Lägg till en enkät."
    assert step.url == f"/hantera/omgangar/{process.slug}/enkater/"


def test_the_step_counts_the_dialogues_surveys():
    process = dialogue_factory(status="draft")
    SurveyFactory(process=process)
    SurveyFactory(process=process)
    SurveyFactory()  # another dialogue's
    [step] = _surveys_step(process)
    assert step.status == setup.DONE and step.hint == "2 enkäter."


def test_a_budget_round_has_no_surveys_step():
    assert _surveys_step(round_in_phase(None, status="draft")) == []


def test_a_draft_survey_is_not_done_yet():
    process = dialogue_factory(status="draft")
    SurveyFactory(process=process, status="draft")
    [step] = _surveys_step(process)
    assert step.status == setup.TODO and step.hint == "1 enkät. Publicera en."
