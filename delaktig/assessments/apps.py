from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "delaktig.assessments"
    label = "assessments"
