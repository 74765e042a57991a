from django.apps import AppConfig


class DialogueConfig(AppConfig):
    name = "delaktig.dialogue"
    label = "dialogue"

    def ready(self):
        # The report and feedback phases and the report component (processes.components).
        from . import component  # noqa: F401
