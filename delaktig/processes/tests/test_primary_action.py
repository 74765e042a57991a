"""One primary action for the current phase on each home card and round page, with who may
take part (issue 11); signing in from it returns to the action."""

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from delaktig.processes.tests.factories import round_in_phase

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("phase", "text", "url_name"),
    [
        ("propose", "Lämna ett förslag senast", "proposals:create"),
        ("assess", "Läs förslagen", "proposals:list"),
        ("vote", "Rösta senast", "voting:ballot"),
        ("result", "Läs resultatet", "results:detail"),
    ],
)
def test_each_phase_has_one_primary_action(client, phase, text, url_name):
    budget_round = round_in_phase(phase)
    url = reverse(url_name, kwargs={"slug": budget_round.slug})
    for page in (reverse("home"), budget_round.get_absolute_url()):
        content = client.get(page).content.decode()
        assert text in content and f'href="{url}"' in content
    if "senast" in text:
        ends = timezone.localtime(budget_round.current_phase().ends_at)
        assert formats.date_format(ends, "j F") in content


def test_no_action_before_the_round_starts_or_in_a_draft(client):
    for budget_round in (round_in_phase(None), round_in_phase("vote", status="draft")):
        content = client.get(reverse("home")).content.decode()
        assert "Rösta senast" not in content
        assert budget_round


def test_the_card_says_who_may_take_part(client):
    round_in_phase("propose", eligibility="signed_in")
    assert "Vem får delta: Alla som har ett konto" in client.get(reverse("home")).content.decode()


def test_signing_in_from_the_action_returns_to_it(client, resident):
    budget_round = round_in_phase("propose")
    create = reverse("proposals:create", kwargs={"slug": budget_round.slug})
    response = client.get(create)
    assert response.status_code == 302 and f"next={create}" in response.url.replace("%2F", "/")
    response = client.post(
        response.url, {"login": resident.email, "password": "hemligt-lösen-123"}, follow=False
    )
    assert response.status_code == 302 and response.url == create
