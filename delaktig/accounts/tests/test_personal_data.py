"""The account goes last (the privacy app's contract, `personal_data.py`)."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.utils import timezone

from delaktig.accounts import personal_data
from delaktig.accounts.models import User

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def points_at(label: str, pk: int) -> bool:
    app_model, field = label.rsplit(".", 1)
    return apps.get_model(app_model).objects.filter(**{f"{field}_id": pk}).exists()


def test_forgetting_deletes_the_account_and_what_hangs_on_it(client):
    user = UserFactory()
    other = UserFactory()
    EmailAddress.objects.get_or_create(user=user, email=user.email)
    Authenticator.objects.create(user=user, type=Authenticator.Type.RECOVERY_CODES, data={})
    LogEntry.objects.create(user=user, action_flag=ADDITION, object_repr="Omgång")
    client.force_login(user)
    pk = user.pk
    assert all(points_at(label, pk) for label in personal_data.USER_FIELDS)

    assert personal_data.forget_user(user=user) == {"accounts": 1}

    assert user.pk == pk  # the caller can still name the person (as a pseudonym) in the log
    assert not User.objects.filter(pk=pk).exists()
    assert User.objects.filter(pk=other.pk).exists()
    assert not any(points_at(label, pk) for label in personal_data.USER_FIELDS)
    assert client.get("/").wsgi_request.user.is_anonymous  # the session stops working
    assert personal_data.forget_user(user=user) == {"accounts": 0}


def test_an_account_belongs_to_no_round(make_round):
    assert personal_data.purge(process=make_round("result"), cutoff=timezone.now()) == {}


def test_the_export_holds_the_account_but_no_hash():
    user = UserFactory(full_name="Anna Andersson", personnummer_hash="e" * 64)
    data = personal_data.export_user(user=user)
    assert (data["account"]["email"], data["account"]["name"]) == (user.email, "Anna Andersson")
    assert data["account"]["identified_with_e_id"] is True
    assert [e["email"] for e in data["email_addresses"]] == [user.email]
    assert user.password not in str(data) and "e" * 64 not in str(data)


def test_forgetting_several_accounts_at_once():
    users = UserFactory.create_batch(3)
    assert personal_data.forget_users(users=users[:2]) == {"accounts": 2}
    assert list(User.objects.values_list("pk", flat=True)) == [users[2].pk]
