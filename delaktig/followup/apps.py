from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "delaktig.followup"
    label = "followup"
    verbose_name = "Follow-up: the decision and the projects"

    def ready(self):
        # Its component and tab (processes.components) and its sections on the result and
        # proposal pages (core.sections).
        # Projects can be followed (following.registry).
        from . import component, followable  # noqa: F401

        component.ready()
