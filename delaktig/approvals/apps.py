from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "delaktig.approvals"
    label = "approvals"
