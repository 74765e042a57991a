from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "delaktig.meetings"
    label = "meetings"
