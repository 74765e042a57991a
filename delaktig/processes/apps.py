from django.apps import AppConfig


class ProcessesConfig(AppConfig):
    name = "delaktig.processes"
    label = "processes"

    def ready(self):
        # Processes can be followed (following.registry; following sits below processes).
        from . import followable  # noqa: F401
