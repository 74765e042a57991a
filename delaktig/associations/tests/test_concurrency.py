"""Two officials deciding at once (PostgreSQL: real concurrent transactions)."""

import pytest

from delaktig.accounts.tests.factories import UserFactory
from delaktig.associations import services
from delaktig.associations.models import Application, ApplicationStatus, Association
from delaktig.core.errors import Conflict, InvalidInput
from delaktig.core.tests.concurrency import POSTGRES_ONLY, run_at_once

from .factories import ApplicationFactory

pytestmark = POSTGRES_ONLY


@pytest.fixture(autouse=True)
def _no_mail(monkeypatch):
    monkeypatch.setattr(services.transaction, "on_commit", lambda func, **kwargs: None)


def test_one_application_approved_twice_at_once_lists_one_entry():
    application = ApplicationFactory(name="Nås Byalag")
    officials = [UserFactory(is_official=True) for _ in range(4)]
    results, errors = run_at_once(
        [lambda o=o: services.approve(by=o, application=application) for o in officials]
    )
    assert len(results) == 1
    assert len(errors) == 3 and all(isinstance(e, Conflict) for e in errors)
    assert Association.objects.count() == 1
    assert Application.objects.get().status == ApplicationStatus.APPROVED


def test_two_applications_of_one_name_approved_at_once_list_one():
    first = ApplicationFactory(name="Nås Byalag")
    second = ApplicationFactory(name="NÅS BYALAG")
    officials = [UserFactory(is_official=True) for _ in range(2)]
    results, errors = run_at_once(
        [
            lambda: services.approve(by=officials[0], application=first),
            lambda: services.approve(by=officials[1], application=second),
        ]
    )
    assert len(results) == 1
    assert len(errors) == 1 and isinstance(errors[0], InvalidInput)
    assert Association.objects.count() == 1
    assert Application.objects.filter(status=ApplicationStatus.WAITING).count() == 1
