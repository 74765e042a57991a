from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "delaktig.proposals"
    label = "proposals"

    def ready(self):
        # Its phase kinds and its component (processes.phases, processes.components).
        # What waits for a person on the start page under "Hantera" (processes.worklist).
        from delaktig.processes.worklist import register_worklist

        # Proposals can be followed (following.registry).
        from . import component, followable  # noqa: F401
        from .worklist import moderation_tasks

        register_worklist(moderation_tasks)
