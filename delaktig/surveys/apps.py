from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "delaktig.surveys"
    label = "surveys"

    def ready(self):
        # The consultation's phase kinds and the surveys component (processes.components).
        from . import component  # noqa: F401
