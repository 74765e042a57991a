"""Permissions on surveys (core.permissions). Officials build the surveys of their own
processes (processes.rules.is_round_official, which reads a survey's process through
`Survey.budget_round`)."""

import rules
from django.utils.translation import gettext_lazy as _

from delaktig.core.permissions import declare, need
from delaktig.processes.rules import NEEDS_OFFICIAL, NEEDS_ROUND_OFFICIAL

LOCKED = _(
    "The survey has answers. Questions and answer options are locked so that every answer "
    "is to the same questions."
)
HAS_ANSWERS = _(
    "The survey has answers, so it cannot become a draft again. Change its closing date "
    "instead to stop answering."
)


@rules.predicate
def holds_surveys(user, obj):
    process = getattr(obj, "budget_round", obj)
    return process is not None and process.holds("surveys")


@rules.predicate
def has_no_answers(user, survey):
    return survey is not None and not survey.is_locked()


NEEDS_SURVEYS = need(holds_surveys, _("This process has no surveys."))

# The surveys of a process: list, create, settings, sections, publishing (object: the process).
declare("surveys.manage_surveys", NEEDS_OFFICIAL, NEEDS_ROUND_OFFICIAL, NEEDS_SURVEYS)
# Questions, options, statements, conditions and order (object: the survey).
declare(
    "surveys.change_questions", NEEDS_OFFICIAL, NEEDS_ROUND_OFFICIAL, need(has_no_answers, LOCKED)
)
# Back to a draft (object: the survey).
declare(
    "surveys.unpublish_survey",
    NEEDS_OFFICIAL,
    NEEDS_ROUND_OFFICIAL,
    need(has_no_answers, HAS_ANSWERS),
)
