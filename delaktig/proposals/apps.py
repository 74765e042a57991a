from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "delaktig.proposals"
    label = "proposals"

    def ready(self):
        # Its phase kinds and its component (processes.phases, processes.components).
        from . import component  # noqa: F401
