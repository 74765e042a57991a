"""Permissions on surveys, each declared once with its reasons (core.permissions)."""

import rules
from django.utils.translation import gettext_lazy as _

from delaktig.core.permissions import any_of, declare, need
from delaktig.processes.rules import is_round_official

# -- analysis (issue 12: the results of a survey) ------------------------------------------------


@rules.predicate
def is_survey_official(user, survey):
    """A case officer of the survey's process (processes.rules.is_round_official)."""
    return survey is not None and is_round_official(user, survey.process)


@rules.predicate
def survey_results_are_public(user, survey):
    return survey is not None and survey.results_public and survey.is_published


declare(
    "surveys.view_survey_results",
    any_of(
        need(is_survey_official, ""),
        need(survey_results_are_public, ""),
        message=_("The results of this survey are not public."),
    ),
)
