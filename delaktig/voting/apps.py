from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "delaktig.voting"
    label = "voting"

    def ready(self):
        # Its phase kinds and its component (processes.phases, processes.components), and the
        # paper-ballot permissions (paper/rules.py): django-rules autodiscovers only rules.py.
        from . import approvals, component  # noqa: F401
        from .paper import rules as paper_rules  # noqa: F401

        self._forget_snapshots_on_change()
        # The proposal form warns about a cost above the ballot's cap (proposals is below).
        from delaktig.proposals.cost_limits import register_cost_limit

        from .queries import proposal_cost_limits

        register_cost_limit(proposal_cost_limits)
        from django.core import checks

        checks.register(sqlite_can_upsert, checks.Tags.database)

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


def sqlite_can_upsert(app_configs=None, databases=None, **kwargs):
    """A vote is an INSERT … ON CONFLICT … RETURNING (services/casting.py _store_ballot): needs
    SQLite 3.35+."""
    import sqlite3

    from django.core import checks
    from django.db import connections

    if not any(connections[alias].vendor == "sqlite" for alias in databases or ()):
        return []
    if sqlite3.sqlite_version_info >= (3, 35):
        return []
    return [
        checks.Error(
            f"SQLite {sqlite3.sqlite_version} cannot store votes: it needs 3.35 or later "
            "(INSERT … RETURNING). Use PostgreSQL, or a newer SQLite.",
            id="voting.E001",
        )
    ]
