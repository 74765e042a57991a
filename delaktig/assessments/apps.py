from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "delaktig.assessments"
    label = "assessments"

    def ready(self):
        # Its phase kinds and its component (processes.phases, processes.components).
        # What waits for a person on the start page under "Hantera" (processes.worklist).
        # What followers are told of an assessment (following.registry).
        from django.utils.translation import gettext_lazy as _

        from delaktig.following.registry import register_event_kind
        from delaktig.processes.worklist import register_worklist

        from . import component  # noqa: F401
        from .worklist import assessment_tasks

        register_worklist(assessment_tasks)
        register_event_kind("proposal.feasible", _("Assessed: feasible"))
        register_event_kind("proposal.not_feasible", _("Assessed: not feasible"))
