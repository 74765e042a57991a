"""Password guessing at the sign-in, behind the municipality's reverse proxy (finding 9).

allauth limits failed sign-ins per client address (10 a minute) and per account (5 in 5
minutes). Behind the proxy every request comes from the proxy's address: the address must be
the client's, read from X-Forwarded-For only when the proxy sent the request.
"""

import pytest
from django.urls import reverse

from .factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("still_clock")]

PASSWORD = "hemligt-lösen-123"
PROXY = "10.0.0.2"
LOGIN = reverse("account_login")
TOO_MANY = "För många misslyckade inloggningsförsök"


@pytest.fixture(autouse=True)
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"


def sign_in(client, email, password, *, peer=PROXY, forwarded=None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(LOGIN, {"login": email, "password": password}, **extra)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_guessing_one_account_from_many_addresses_still_hits_the_account_limit(client):
    """Attack: five wrong passwords for one account, each from another client address (a
    botnet behind the proxy), then the right one. The account is locked, the right password
    refused."""
    victim = UserFactory(email="offer@example.se")
    for i in range(5):
        response = sign_in(client, victim.email, "fel-lösen", forwarded=f"198.51.100.{i}")
        assert response.status_code == 200 and not signed_in(client)
    response = sign_in(client, victim.email, PASSWORD, forwarded="198.51.100.99")
    assert response.status_code == 200
    assert TOO_MANY in response.content.decode()
    assert not signed_in(client)


def test_one_client_failing_does_not_lock_out_another_behind_the_same_proxy(client):
    """Attack: someone fails ten sign-ins a minute (the per-address limit) on ten accounts.
    Before the fix every client behind the proxy shared that address and was locked out."""
    for i in range(10):
        sign_in(client, f"gissning{i}@example.se", "fel-lösen", forwarded="198.51.100.66")
    refused = sign_in(client, "gissning10@example.se", "fel-lösen", forwarded="198.51.100.66")
    assert TOO_MANY in refused.content.decode()  # the guesser is stopped

    neighbour = UserFactory(email="granne@example.se")
    response = sign_in(client, neighbour.email, PASSWORD, forwarded="198.51.100.67")
    assert response.status_code == 302 and signed_in(client)


def test_a_spoofed_forwarded_for_from_an_untrusted_peer_is_ignored(client):
    """Attack: a client that reaches the app directly (not through the proxy) writes a new
    X-Forwarded-For for every try to look like many clients. It is still one address."""
    for i in range(10):
        sign_in(
            client, f"gissning{i}@example.se", "fel", peer="203.0.113.9", forwarded=f"1.1.1.{i}"
        )
    user = UserFactory(email="direkt@example.se")
    response = sign_in(client, user.email, PASSWORD, peer="203.0.113.9", forwarded="1.1.1.200")
    assert TOO_MANY in response.content.decode()
    assert not signed_in(client)
