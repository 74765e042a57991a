from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "delaktig.followup"
    label = "followup"
    verbose_name = "Follow-up: the decision and the projects"
