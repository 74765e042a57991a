from django.apps import AppConfig


class EligibilityConfig(AppConfig):
    name = "delaktig.eligibility"
    label = "eligibility"
