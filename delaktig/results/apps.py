from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "delaktig.results"
    label = "results"

    def ready(self):
        # Its phase kinds and its component (processes.phases, processes.components).
        # The four-eyes step of publishing while the reconciliation flags something.
        from . import (
            approvals,  # noqa: F401
            component,  # noqa: F401
        )
