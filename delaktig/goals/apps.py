from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "delaktig.goals"
    label = "goals"
    verbose_name = "Effect goals and indicators"
