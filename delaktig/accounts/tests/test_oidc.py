"""The e-ID pieces without a provider: claims, finding and creating users, pages while off."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory, override_settings

from delaktig.accounts.models import Unit, User
from delaktig.accounts.oidc import (
    PLACEHOLDER_EMAIL_DOMAIN,
    ClaimError,
    EidIdentity,
    Refusal,
    sign_in_with_eid,
)
from delaktig.core.personnummer import keyed_hash

from .factories import UnitFactory, UserFactory

ANNA = {"personal_number": "19121212-1212", "given_name": "Anna", "family_name": "Andersson"}


def test_identity_keeps_the_hash_not_the_number():
    identity = EidIdentity.from_claims(ANNA)
    assert identity.personnummer_hash == keyed_hash("191212121212")
    assert "1212" not in repr(identity).replace(identity.personnummer_hash, "")
    assert identity.full_name == "Anna Andersson"
    assert identity.email is None
    assert identity.units is None


@pytest.mark.parametrize(
    ("claims", "code"),
    [
        ({}, Refusal.MISSING_PERSONNUMMER),
        ({"personal_number": ""}, Refusal.MISSING_PERSONNUMMER),
        ({"personal_number": "19121212-1213"}, Refusal.INVALID_PERSONNUMMER),
        ({"personal_number": "hej"}, Refusal.INVALID_PERSONNUMMER),
        ({"personal_number": ["191212121212"]}, Refusal.INVALID_PERSONNUMMER),
        ({"personal_number": True}, Refusal.INVALID_PERSONNUMMER),
    ],
)
def test_missing_or_invalid_claims_are_refused(claims, code):
    with pytest.raises(ClaimError) as caught:
        EidIdentity.from_claims(claims)
    assert caught.value.code == code


@override_settings(OIDC_PERSONNUMMER_CLAIM="ssn")
def test_the_claim_name_is_a_setting():
    assert EidIdentity.from_claims({"ssn": "121212+1212"}).personnummer_hash == (
        keyed_hash("191212121212")
    )


@pytest.mark.parametrize(
    ("claims", "trust", "expected"),
    [
        ({"email": "A@Example.se", "email_verified": True}, False, "a@example.se"),
        ({"email": "a@example.se", "email_verified": "true"}, False, "a@example.se"),
        ({"email": "a@example.se", "email_verified": False}, False, None),
        ({"email": "a@example.se"}, False, None),
        ({"email": "a@example.se"}, True, "a@example.se"),
    ],
)
def test_only_a_verified_email_is_taken(claims, trust, expected):
    with override_settings(OIDC_TRUST_EMAIL=trust):
        assert EidIdentity.from_claims({**ANNA, **claims}).email == expected


@pytest.mark.django_db
def test_a_new_person_without_email_gets_a_placeholder_address():
    user = sign_in_with_eid(identity=EidIdentity.from_claims(ANNA))
    assert user.email.endswith("@" + PLACEHOLDER_EMAIL_DOMAIN)
    assert user.personnummer_hash == keyed_hash("191212121212")
    assert not user.emailaddress_set.exists()


@pytest.mark.django_db
def test_an_address_used_by_another_account_is_not_taken_over():
    other = UserFactory(email="anna@example.se")
    claims = {**ANNA, "email": "anna@example.se", "email_verified": True}
    user = sign_in_with_eid(identity=EidIdentity.from_claims(claims))
    assert user.pk != other.pk
    assert user.email.endswith("@" + PLACEHOLDER_EMAIL_DOMAIN)


@pytest.mark.django_db
def test_a_later_verified_address_replaces_the_placeholder_and_the_name_is_updated():
    user = sign_in_with_eid(identity=EidIdentity.from_claims(ANNA))
    claims = {**ANNA, "given_name": "Anna-Lena", "email": "al@example.se", "email_verified": True}
    again = sign_in_with_eid(identity=EidIdentity.from_claims(claims))
    assert again.pk == user.pk
    again.refresh_from_db()
    assert again.email == "al@example.se"
    assert again.full_name == "Anna-Lena Andersson"


@pytest.mark.django_db
def test_unknown_people_are_not_created_when_creation_is_off():
    assert sign_in_with_eid(identity=EidIdentity.from_claims(ANNA), create=False) is None
    assert not User.objects.exists()


@pytest.mark.django_db
@override_settings(
    OIDC_GROUPS_CLAIM="roles",
    OIDC_GROUP_UNIT_MAP='{"6f1c-guid": "Samhällsbyggnadssektorn"}',
)
def test_groups_claim_sets_unit_membership():
    UnitFactory(name="Samhällsbyggnadssektorn")
    UnitFactory(name="Kultur och fritid")
    claims = {**ANNA, "roles": ["6f1c-guid", "Kultur och fritid", "Okänd"]}
    user = sign_in_with_eid(identity=EidIdentity.from_claims(claims))
    assert sorted(u.name for u in user.units.all()) == [
        "Kultur och fritid",
        "Samhällsbyggnadssektorn",
    ]

    user = sign_in_with_eid(identity=EidIdentity.from_claims({**ANNA, "roles": []}))
    assert not user.units.exists()


@pytest.mark.django_db
def test_units_are_left_alone_without_a_groups_claim_setting():
    unit = Unit.objects.create(name="Skola")
    user = sign_in_with_eid(identity=EidIdentity.from_claims(ANNA))
    user.units.add(unit)
    user = sign_in_with_eid(identity=EidIdentity.from_claims({**ANNA, "groups": []}))
    assert list(user.units.all()) == [unit]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="delaktig.accounts.tests.urls_oidc", OIDC_ENABLED=False)
def test_the_oidc_pages_are_not_there_while_oidc_is_off(client):
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404


@override_settings(ROOT_URLCONF="delaktig.accounts.tests.urls_oidc")
def test_the_sign_in_button_shows_only_when_oidc_is_on():
    request = RequestFactory().get("/konto/login/", {"next": "/omgangar/"})
    with override_settings(OIDC_ENABLED=False):
        assert render_to_string("accounts/_oidc_login.html", request=request).strip() == ""
    with override_settings(OIDC_ENABLED=True, OIDC_PROVIDER_NAME="Freja eID+"):
        html = render_to_string("accounts/_oidc_login.html", request=request)
    assert 'href="/oidc/authenticate/?next=%2Fomgangar%2F"' in html
    assert "Freja eID+" in html


def test_production_style_settings_need_every_endpoint(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import config.settings.base as base

    monkeypatch.setenv("OIDC_RP_CLIENT_ID", "delaktig")
    try:
        with pytest.raises(ImproperlyConfigured, match="OIDC_OP_TOKEN_ENDPOINT"):
            importlib.reload(base)
    finally:
        monkeypatch.delenv("OIDC_RP_CLIENT_ID")
        importlib.reload(base)
