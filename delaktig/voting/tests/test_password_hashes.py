"""Passwords are stored as Argon2id with the measured parameters; older hashes keep working and
are rewritten at the next sign-in, without cutting the voter off from their ballot."""

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher, identify_hasher
from django.urls import reverse

from delaktig.accounts.tests.factories import UserFactory
from delaktig.voting.services import casting
from delaktig.voting.tests.factories import box_with_proposals

pytestmark = pytest.mark.django_db

PASSWORD = "hemligt-lösen-123"
PRODUCTION = [
    "delaktig.core.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


@pytest.fixture
def production_hashers(settings):
    from config.settings import base

    # The test settings use a fast hasher; these tests check what production stores.
    assert base.PASSWORD_HASHERS[:2] == PRODUCTION
    settings.PASSWORD_HASHERS = PRODUCTION


def test_a_new_password_is_argon2id_with_the_chosen_parameters(production_hashers):
    user = UserFactory()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert user.check_password(PASSWORD) and not user.check_password("fel-lösen")


def test_an_old_pbkdf2_hash_signs_in_and_is_upgraded(client, production_hashers, make_round):
    """An account from before (PBKDF2; few iterations here only to keep the test fast) signs in
    with its password; the hash becomes Argon2id, and the ballot cast before is still the
    voter's own: rewriting the hash is not a new credential."""
    user = UserFactory()
    box, p = box_with_proposals(make_round("vote"), [100, 200])
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "saltsaltsalt", iterations=1000)
    user.save(update_fields=["password"])
    casting.cast_ballot(by=user, box=box, choices=[p[0].pk])
    stamp = type(user).objects.get(pk=user.pk).credential_stamp

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    user.refresh_from_db()
    assert identify_hasher(user.password).algorithm == "argon2"
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert user.credential_stamp == stamp
    assert casting.current_choices(user, box) == {p[0].pk: 1}
    assert user.check_password(PASSWORD)
