from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "delaktig.pages"
    label = "pages"
    verbose_name = "Content pages"
