"""Reading surveys: which a person may see."""

from delaktig.accounts.rules import is_official

from .models import Survey, SurveyStatus


def surveys_shown(process, user):
    """The process's surveys a person sees: published ones; officials see drafts too."""
    surveys = Survey.objects.filter(process=process).select_related("process")
    if not is_official(user):
        surveys = surveys.filter(status=SurveyStatus.PUBLISHED)
    return surveys.prefetch_related("process__phases").order_by("opens_at", "pk")
