from django.apps import AppConfig


class ForumsConfig(AppConfig):
    name = "delaktig.forums"
    label = "forums"

    def ready(self):
        # The forum component of a dialogue (processes.components), its capability in the
        # dialogue's open phase, forum posts in the one report queue (proposals.reportables)
        # and posts waiting for approval on the start page (processes.worklist).
        # Threads can be followed (following.registry).
        from . import component, followable, moderation  # noqa: F401
