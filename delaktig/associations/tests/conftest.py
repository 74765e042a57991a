import pytest

from .factories import ApplicationFactory, AssociationFactory


@pytest.fixture
def association(db):
    return AssociationFactory(name="Dala-Järna IK", slug="dala-jarna-ik")


@pytest.fixture
def waiting_application(db):
    return ApplicationFactory(name="Vansbro Kammarkör")


@pytest.fixture
def entry():
    from delaktig.associations.services import EntryData

    def make(**changes):
        data = {
            "name": "Äppelbo Bygdegårdsförening",
            "category": "neighbourhood",
            "description": "Vi driver bygdegården i Äppelbo.",
            "website": "https://appelbo.example.se",
            "contact_email": "info@appelbo.example.se",
        }
        data.update(changes)
        return EntryData(**data)

    return make


@pytest.fixture(autouse=True)
def _tasks_at_once(monkeypatch):
    """Run what the services leave for after the commit at once: a test's transaction never
    commits, and the tests read the e-mail the task queue sends."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
