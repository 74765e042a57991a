from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "delaktig.assessments"
    label = "assessments"

    def ready(self):
        # Its phase kinds and its component (processes.phases, processes.components).
        # What waits for a person on the start page under "Hantera" (processes.worklist).
        from delaktig.processes.worklist import register_worklist

        from . import component  # noqa: F401
        from .worklist import assessment_tasks

        register_worklist(assessment_tasks)
