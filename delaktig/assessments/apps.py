from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "delaktig.assessments"
    label = "assessments"

    def ready(self):
        # Its phase kinds and its component (processes.phases, processes.components).
        from . import component  # noqa: F401
