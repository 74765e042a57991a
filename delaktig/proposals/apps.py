from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "delaktig.proposals"
    label = "proposals"
