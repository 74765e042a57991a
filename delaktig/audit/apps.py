from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "delaktig.audit"
    label = "audit"
