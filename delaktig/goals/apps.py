from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "delaktig.goals"
    label = "goals"
    verbose_name = "Effect goals and indicators"

    def ready(self):
        # Permissions (core.permissions) and the section on a process's page
        # (processes.components).
        from . import component, rules  # noqa: F401
