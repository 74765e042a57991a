"""The proposal form warns about a cost above the ballot's own cap for one proposal
(`BallotBox.max_cost_per_proposal`), issue 11. Proposals is below voting, so voting registers
the cap with proposals.cost_limits; these tests are here, where both apps may be imported."""

import json

import pytest
from django.urls import reverse

from delaktig.processes.tests.factories import AreaFactory
from delaktig.proposals.cost_limits import ballot_cost_limits
from delaktig.proposals.models import Proposal
from delaktig.voting.queries import proposal_cost_limits

from .factories import BallotBoxFactory

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    return {
        "title": "Belysning i Skogsparken",
        "description": "Lampor längs gångvägen så att fler vågar gå där på kvällen.",
        "estimated_cost": "120000",
        "image_alt": "",
        **overrides,
    }


@pytest.fixture
def capped(make_round):
    """A round with two areas; Norra's budget ballot takes proposals of at most 40 000 kr."""
    budget_round = make_round("propose")
    north = AreaFactory(budget_round=budget_round, name="Norra", budget=500_000)
    south = AreaFactory(budget_round=budget_round, name="Södra", budget=300_000)
    BallotBoxFactory(
        budget_round=budget_round, area=north, kind="knapsack", max_cost_per_proposal=40_000
    )
    BallotBoxFactory(budget_round=budget_round, area=south, kind="approval")
    return budget_round, north, south


def test_the_ballot_cap_is_registered(capped):
    budget_round, north, _south = capped
    assert proposal_cost_limits(budget_round) == {north.pk: 40_000}
    assert ballot_cost_limits(budget_round) == {north.pk: 40_000}


def test_a_spending_cap_below_it_is_the_limit(make_round):
    budget_round = make_round("propose", total_budget=100_000)
    BallotBoxFactory(
        budget_round=budget_round,
        kind="knapsack",
        spending_cap=30_000,
        max_cost_per_proposal=50_000,
    )
    assert ballot_cost_limits(budget_round) == {None: 30_000}


def test_a_cost_above_the_ballot_cap_is_warned_about_once(client, capped, resident):
    budget_round, north, _south = capped
    client.force_login(resident)
    address = reverse("proposals:create", kwargs={"slug": budget_round.slug})
    response = client.post(address, form_data(area=north.pk, estimated_cost="45 000"))
    content = response.content.decode()
    assert response.status_code == 200 and not Proposal.objects.exists()
    assert "mest ett förslag får kosta på röstsedeln för Norra" in content
    assert "40\u00a0000\u00a0kr" in content
    assert 'name="cost_confirmed" value="45000"' in content
    sent = client.post(
        address, form_data(area=north.pk, estimated_cost="45 000", cost_confirmed="45000")
    )
    assert sent.status_code == 302
    assert Proposal.objects.get().estimated_cost == 45_000


def test_within_the_cap_or_in_an_area_without_one_is_not_stopped(client, capped, resident):
    budget_round, north, south = capped
    client.force_login(resident)
    address = reverse("proposals:create", kwargs={"slug": budget_round.slug})
    assert client.post(address, form_data(area=north.pk, estimated_cost="40000")).status_code == 302
    # Södra's approval ballot has no cap of its own: only its money (300 000 kr) counts.
    assert client.post(address, form_data(area=south.pk, estimated_cost="45000")).status_code == 302
    over = client.post(address, form_data(area=south.pk, estimated_cost="310000"))
    assert "alla pengar som finns för Södra" in over.content.decode()


def test_the_script_gets_the_lower_cap_per_area(client, capped, resident):
    budget_round, north, south = capped
    client.force_login(resident)
    page = client.get(reverse("proposals:create", kwargs={"slug": budget_round.slug}))
    html = page.content.decode()
    start = html.index('id="cost-caps"')
    caps = json.loads(html[html.index(">", start) + 1 : html.index("</script>", start)])
    assert caps[str(north.pk)][0] == 40_000 and "röstsedeln för Norra" in caps[str(north.pk)][1]
    assert caps[str(south.pk)][0] == 300_000
