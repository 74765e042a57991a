from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "delaktig.results"
    label = "results"

    def ready(self):
        # Its phase kinds and its component (processes.phases, processes.components).
        # The four-eyes step of publishing while the reconciliation flags something.
        # What waits for a person on the start page under "Hantera" (processes.worklist).
        # What followers are told when the result is published (following.registry).
        from django.utils.translation import gettext_lazy as _

        from delaktig.following.registry import register_event_kind
        from delaktig.processes.worklist import register_worklist

        from . import (
            approvals,  # noqa: F401
            component,  # noqa: F401
        )
        from .worklist import result_tasks

        register_worklist(result_tasks)
        register_event_kind("result.published", _("The result is published"))
