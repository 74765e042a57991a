"""Reading surveys: which a person may see, questions in the order people meet them, and the
texts corrected after the first answer."""

from delaktig.accounts.rules import is_official
from delaktig.audit.models import AuditEvent

from .models import Survey, SurveyStatus

TEXT_CORRECTED = "survey.text_corrected"


def surveys_shown(process, user):
    """The process's surveys a person sees: published ones; officials see drafts too."""
    surveys = Survey.objects.filter(process=process).select_related("process")
    if not is_official(user):
        surveys = surveys.filter(status=SurveyStatus.PUBLISHED)
    return surveys.prefetch_related("process__phases").order_by("opens_at", "pk")


def ordered_questions(survey) -> list:
    """The survey's questions in the order a respondent meets them: those outside any section
    first, then section by section (Section.position), each by its own position."""
    section_order = {pk: i for i, pk in enumerate(survey.sections.values_list("pk", flat=True))}
    questions = survey.questions.select_related("section", "show_if_question").prefetch_related(
        "options", "statements", "show_if_options"
    )
    return sorted(
        questions,
        key=lambda q: (
            -1 if q.section_id is None else section_order[q.section_id],
            q.position,
            q.pk,
        ),
    )


def corrections(survey) -> list[AuditEvent]:
    """The texts corrected after the first answer (a typo fix), newest first, from the audit
    log: each with what it was and what it became."""
    return list(
        AuditEvent.objects.filter(
            action=TEXT_CORRECTED, object_type="surveys.survey", object_id=str(survey.pk)
        ).select_related("actor")
    )
