from django.apps import AppConfig


class EligibilityConfig(AppConfig):
    name = "delaktig.eligibility"
    label = "eligibility"

    def ready(self):
        # The four-eyes steps of the roll (new codes once voting has opened).
        from delaktig.processes.components import register_audience_description

        from . import approvals  # noqa: F401
        from .checks import describe_audience

        register_audience_description(describe_audience)
