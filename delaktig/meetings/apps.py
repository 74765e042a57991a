from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "delaktig.meetings"
    label = "meetings"

    def ready(self):
        # The meetings component: a section on the process's page (processes.components).
        from . import component  # noqa: F401
