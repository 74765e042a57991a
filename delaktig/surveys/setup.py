"""The surveys step of setting up a process (processes.setup's task list): one function the
round's manage page can list, whatever way the processes app collects its components' steps."""

from django.urls import reverse
from django.utils.translation import gettext as _

from delaktig.processes.setup import DONE, OPTIONAL, TODO

from .models import SurveyStatus


def survey_step(process) -> tuple[str, str, str]:
    """(label, status, url): done once a survey is published; a dialogue needs one (its open
    phase is for answering), in a budget round a survey is optional."""
    url = reverse("surveys_manage:list", kwargs={"slug": process.slug})
    if process.surveys.filter(status=SurveyStatus.PUBLISHED).exists():
        return _("Surveys"), DONE, url
    return _("Surveys"), TODO if process.holds("consultation") else OPTIONAL, url
