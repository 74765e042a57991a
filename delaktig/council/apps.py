from django.apps import AppConfig


class CouncilConfig(AppConfig):
    name = "delaktig.council"
    label = "council"

    def ready(self):
        # Its permissions (core.permissions.declare) and its line on the Hantera start page.
        from . import component, rules, worklist  # noqa: F401
