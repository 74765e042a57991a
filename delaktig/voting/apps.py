from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "delaktig.voting"
    label = "voting"
