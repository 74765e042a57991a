from django.apps import AppConfig


class FollowingConfig(AppConfig):
    name = "delaktig.following"
    label = "following"
    verbose_name = "Following and notifications"

    def ready(self):
        # Its permission (core.permissions).
        from . import rules  # noqa: F401
