from django.apps import AppConfig


class FollowingConfig(AppConfig):
    name = "delaktig.following"
    label = "following"
    verbose_name = "Following and notifications"
