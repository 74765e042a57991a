"""Code entry behind the municipality's reverse proxy, and limits per code (finding 9)."""

import pytest
from django.urls import reverse

from delaktig.core.codes import VOTING_CODE
from delaktig.eligibility.views import CODE_RATE, PER_CODE_RATE, WRONG_CODE_RATE

from .factories import RoundEligibilityFactory, invitation_with_code

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("still_clock")]

ENTER = reverse("eligibility:enter")
PROXY = "10.0.0.2"


def limit(rate: str) -> int:
    return int(rate.split("/")[0])


@pytest.fixture(autouse=True)
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]


@pytest.fixture
def invited(make_round):
    budget_round = make_round("vote")
    RoundEligibilityFactory(budget_round=budget_round, use_invitations=True)
    return invitation_with_code(budget_round=budget_round, name="Alva Ek")


def enter(client, code, client_address, peer=PROXY):
    return client.post(ENTER, {"code": code}, REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=client_address)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_one_client_guessing_does_not_stop_the_next_at_the_same_proxy(client, invited):
    """Attack: a guesser behind the proxy uses up the per-address limit. Before the fix every
    voter in the municipality shared the proxy's address and got "too many codes"."""
    _invitation, code = invited
    for _ in range(limit(CODE_RATE)):
        assert enter(client, VOTING_CODE.generate(), "198.51.100.66").status_code == 400
    assert enter(client, code, "198.51.100.66").status_code == 429
    assert not signed_in(client)
    assert enter(client, code, "198.51.100.67").status_code == 302 and signed_in(client)


def test_a_spoofed_forwarded_for_from_outside_the_proxy_is_ignored(client, invited):
    _invitation, code = invited
    for i in range(limit(CODE_RATE)):
        enter(client, VOTING_CODE.generate(), f"192.0.2.{i}", peer="203.0.113.9")
    response = enter(client, code, "192.0.2.200", peer="203.0.113.9")
    assert response.status_code == 429 and not signed_in(client)


def test_wrong_codes_per_address_are_limited_over_the_hour(client, invited, time_machine):
    """Attack: a slow guesser keeps under ten a minute. Wrong codes also count per hour."""
    _invitation, code = invited
    # The limits count in windows of the clock: start early in an hour, so that the test's
    # few minutes never cross into the next hour's window (which starts counting afresh).
    from datetime import timedelta

    from django.utils import timezone

    start = timezone.now().replace(minute=5, second=0, microsecond=0) + timedelta(hours=1)
    time_machine.move_to(start, tick=False)
    for i in range(limit(WRONG_CODE_RATE)):
        if i and i % 9 == 0:
            time_machine.shift(61)  # a new minute: the per-minute limit is not what stops it
        assert enter(client, VOTING_CODE.generate(), "198.51.100.66").status_code == 400
    time_machine.shift(61)
    response = enter(client, code, "198.51.100.66")
    assert response.status_code == 429 and not signed_in(client)
    assert "Du har skrivit många felaktiga koder" in response.content.decode()


def test_one_code_from_many_addresses_is_limited(client, invited):
    """Attack: one code is tried from many addresses (a botnet, or a code passed round)."""
    _invitation, code = invited
    for i in range(limit(PER_CODE_RATE)):
        enter(client, code, f"198.51.100.{i}")
        client.logout()
    response = enter(client, code, "198.51.100.200")
    assert response.status_code == 429 and not signed_in(client)
    assert "Den här röstkoden har provats många gånger" in response.content.decode()
