from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "delaktig.privacy"
    label = "privacy"
