"""Permissions on surveys (core.permissions, each declared once with its reasons).

Officials build the surveys of their own processes (processes.rules.is_round_official, which
reads a survey's process through `Survey.budget_round`), enter paper answers and preview them;
`why_not("surveys.answer_survey", user, survey)` is the sentence a refused respondent reads, and
the answering service asks the same declaration.
"""

import rules
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from delaktig.accounts.rules import is_official, is_signed_in
from delaktig.core.permissions import any_of, declare, need, reason
from delaktig.eligibility.checks import why_not_eligible
from delaktig.processes.models import Eligibility
from delaktig.processes.rules import NEEDS_OFFICIAL, NEEDS_ROUND_OFFICIAL, is_round_official

from .models import Access

# -- building (officials) --------------------------------------------------------------------

LOCKED = gettext_lazy(
    "The survey has answers. Questions and answer options are locked so that every answer "
    "is to the same questions."
)
HAS_ANSWERS = gettext_lazy(
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


NEEDS_SURVEYS = need(holds_surveys, gettext_lazy("This process has no surveys."))

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


# -- answering ---------------------------------------------------------------------------------


def survey_is_published(user, survey) -> bool:
    return survey is not None and survey.is_published


def why_not_open(user, survey) -> str | None:
    """Whether the survey is open comes before who is asking: "sign in" after the close is no
    help."""
    if survey.is_open():
        return None
    opens, _closes = survey.window()
    if survey.has_closed():
        return _("This survey has closed. Answers can no longer be given or changed.")
    if opens is not None:
        return _("This survey opens on %(date)s. Come back then.") % {
            "date": formats.date_format(opens, "j F Y H:i")
        }
    return _("This survey is not open for answers yet.")


def why_not_in_audience(user, survey) -> str | None:
    """Survey.access: anyone; everyone signed in; or those who may take part in the process
    (its eligibility). The eligibility app's sentences speak of voting; the survey says first
    whom it is for, and signing in is asked here, in the survey's own words."""
    if survey.access == Access.ANYONE:
        return None
    if survey.access == Access.PROCESS and survey.process.eligibility == Eligibility.ANYONE:
        return None  # the dialogue is open to everyone, and so is its survey
    if not is_signed_in(user):
        return _("Sign in to answer this survey.")
    if survey.access == Access.SIGNED_IN:
        return None
    why = why_not_eligible(user, survey.process)
    if why is None:
        return None
    return " ".join(
        [
            _("This survey is for those who may take part in “%(process)s”.")
            % {"process": survey.process.name},
            str(why),
        ]
    )


declare(
    "surveys.answer_survey",
    need(survey_is_published, gettext_lazy("This survey is not published.")),
    reason(why_not_open),
    reason(why_not_in_audience),
)
# Paper and interview answers: the process's own case officers type them in.
declare("surveys.enter_paper_answers", NEEDS_OFFICIAL, NEEDS_ROUND_OFFICIAL)
# A draft survey seen as respondents will see it, before it is published.
declare("surveys.preview_survey", NEEDS_OFFICIAL, NEEDS_ROUND_OFFICIAL)


# -- free text, quotes and exports (surveys.free_text, surveys.exports) ------------------------
# The object is the survey's process. Officials of the process only: free text may hold what
# points a person out, and answers are read by no one else before they are published under the
# K rule.
NEEDS_SURVEY_OFFICIAL = need(is_official, gettext_lazy("Only case officers can read the answers."))
declare("surveys.read_free_text", NEEDS_SURVEY_OFFICIAL, NEEDS_ROUND_OFFICIAL)
declare("surveys.export_answers", NEEDS_SURVEY_OFFICIAL, NEEDS_ROUND_OFFICIAL)


# -- analysis (issue 12: the results of a survey) ------------------------------------------------


@rules.predicate
def is_survey_official(user, survey):
    """A case officer of the survey's process (processes.rules.is_round_official)."""
    return survey is not None and is_round_official(user, survey.process)


@rules.predicate
def survey_results_are_public(user, survey):
    return survey is not None and survey.results_public and survey.is_published


def why_not_yet(user, survey) -> str | None:
    """Where the people who answer are known, the results wait for the close: results read
    before and after a known colleague answered differ by that one answer, whatever the K rule
    (issue 12 review). A survey open to anyone names no one, and its results may be live."""
    if survey.access == Access.ANYONE or survey.has_closed():
        return None
    return _(
        "The results are shown once the survey has closed. The people who answer are known, "
        "so results read before and after one of them answered would show what that person "
        "said."
    )


declare(
    "surveys.view_survey_results",
    any_of(
        need(is_survey_official, ""),
        need(survey_results_are_public, ""),
        message=gettext_lazy("The results of this survey are not public."),
    ),
    reason(why_not_yet),
)
