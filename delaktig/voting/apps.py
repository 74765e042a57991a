from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "delaktig.voting"
    label = "voting"

    def ready(self):
        # The paper-ballot permissions live beside rules.py; rules autodiscovers only rules.py.
        from . import paper_rules  # noqa: F401
