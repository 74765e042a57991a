from django.apps import AppConfig


class AssociationsConfig(AppConfig):
    name = "delaktig.associations"
    label = "associations"
    verbose_name = "The association register"
