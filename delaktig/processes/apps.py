from django.apps import AppConfig


class ProcessesConfig(AppConfig):
    name = "delaktig.processes"
    label = "processes"
