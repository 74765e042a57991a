from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "delaktig.voting"
    label = "voting"

    def ready(self):
        # The paper-ballot permissions live beside rules.py; rules autodiscovers only rules.py.
        from . import paper_rules  # noqa: F401

        self._forget_snapshots_on_change()

    def _forget_snapshots_on_change(self):
        """What voting/snapshot.py keeps is forgotten when any row it is built from changes."""
        from django.apps import apps
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .models import BallotBox
        from .snapshot import forget

        for label in (
            "processes.BudgetRound",
            "processes.Phase",
            "processes.Area",
            "eligibility.RoundEligibility",
            "voting.BallotBox",
            "proposals.Proposal",
            "assessments.Assessment",
        ):
            model = apps.get_model(label)
            post_save.connect(forget, sender=model, weak=False)
            post_delete.connect(forget, sender=model, weak=False)
        m2m_changed.connect(forget, sender=BallotBox.proposals.through, weak=False)
