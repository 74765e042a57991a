from django.apps import AppConfig


class EligibilityConfig(AppConfig):
    name = "delaktig.eligibility"
    label = "eligibility"

    def ready(self):
        # The four-eyes steps of the roll (new codes once voting has opened).
        from . import approvals  # noqa: F401
