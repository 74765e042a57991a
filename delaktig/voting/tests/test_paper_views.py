"""The officials' paper-ballot pages and the voter's page after a paper vote."""

import re

import pytest
from django.urls import reverse

from delaktig.accounts.models import User
from delaktig.accounts.tests.factories import UserFactory
from delaktig.audit.models import AuditEvent
from delaktig.core.codes import RECEIPT_CODE
from delaktig.eligibility.tests.factories import ANNA, CensusEntryFactory, RoundEligibilityFactory
from delaktig.voting.models import Ballot, PaperBallot, PaperStatus, Participation
from delaktig.voting.paper import services as paper
from delaktig.voting.services import casting

from .factories import box_with_proposals, paper_station, sater_box

pytestmark = pytest.mark.django_db


@pytest.fixture
def sater(make_round):
    return sater_box(make_round("vote"))  # 20 000, 25 000, 30 000, 10 000


def manage_url(name, box_or_entry, **kwargs):
    box = getattr(box_or_entry, "box", box_or_entry)
    return reverse(f"voting_manage:{name}", kwargs={"slug": box.budget_round.slug, **kwargs})


def first_url(box):
    return manage_url("paper_first", box, box_id=box.pk)


def post_first(client, box, voter, choices, station="Biblioteket"):
    if station:
        paper_station(box, station)
    identifier = voter if isinstance(voter, str) else voter.email
    data = {"identifier": identifier, "station": station, "choice": [str(c) for c in choices]}
    return client.post(first_url(box), data)


class TestRoles:
    @pytest.mark.parametrize("role", ["resident", "moderator"])
    def test_only_officials(self, client, sater, resident, moderator, other_resident, role):
        box, p = sater
        client.force_login({"resident": resident, "moderator": moderator}[role])
        for url in (
            manage_url("paper", box),
            first_url(box),
            manage_url("reconciliation", box),
        ):
            assert client.get(url).status_code == 403
        response = post_first(client, box, other_resident, [p[0].pk, p[3].pk])
        assert response.status_code == 403
        assert not Participation.objects.exists()

    def test_anonymous_goes_to_sign_in(self, client, sater):
        box, _p = sater
        assert client.get(first_url(box)).status_code == 302


class TestFirstEntry:
    def test_entry_prints_number_and_receipt(self, client, official, resident, sater):
        box, p = sater
        client.force_login(official)
        page = client.get(first_url(box)).content.decode()
        assert 'for="id_identifier"' in page and 'for="id_station"' in page
        response = post_first(client, box, resident, [p[0].pk, p[3].pk])
        html = response.content.decode()
        entry = PaperBallot.objects.get()
        assert response.status_code == 200
        assert f"Pappersröstsedel {entry.number} är inmatad" in html
        code = html.split('class="receipt__code">')[1].split("<")[0]
        assert entry.receipt_hash == RECEIPT_CODE.keyed_hash(code)

    @pytest.mark.parametrize(
        ("identifier", "choices", "message"),
        [
            ("ingen@example.se", "ok", "Vi hittade ingen som får rösta"),
            ("", "ok", "Detta fält måste fyllas i."),
            ("resident", "over", "högst 50"),
            ("resident", ["abc"], "inte finns på den här röstsedeln"),
            ("resident", ["999999"], "inte finns på den här röstsedeln"),
        ],
    )
    def test_errors_are_explained(
        self, client, official, resident, sater, identifier, choices, message
    ):
        box, p = sater
        client.force_login(official)
        named = {"ok": [p[0].pk, p[3].pk], "over": [p[0].pk, p[1].pk, p[3].pk]}
        picks = named[choices] if isinstance(choices, str) else choices
        response = post_first(
            client, box, resident.email if identifier == "resident" else identifier, picks
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert 'class="error-summary"' in html and message in html
        assert not Participation.objects.exists()

    def test_already_voted_online(self, client, official, resident, sater):
        box, p = sater
        casting.cast_ballot(by=resident, box=box, choices=[p[0].pk, p[3].pk])
        client.force_login(official)
        html = post_first(client, box, resident, [p[0].pk, p[3].pk]).content.decode()
        assert "Personen har redan röstat på webben." in html
        assert 'href="#id_identifier"' in html

    def test_wrong_phase(self, client, official, resident, make_round):
        box, p = box_with_proposals(make_round("assess"), [100])
        client.force_login(official)
        assert "när omröstningen har öppnat" in client.get(first_url(box)).content.decode()
        response = post_first(client, box, resident, [p[0].pk])
        assert response.status_code == 200
        assert "när omröstningen har öppnat" in response.content.decode()
        assert not Participation.objects.exists()

    @pytest.mark.parametrize(
        ("design", "field", "value"),
        [
            ({"kind": "points", "total_points": 5, "max_points_per_proposal": 3}, "points-", "3"),
            ({"kind": "ranking", "rank_count": 2}, "rank-", "1"),
        ],
    )
    def test_points_and_ranking(self, client, official, resident, make_round, design, field, value):
        box, p = box_with_proposals(make_round("vote"), [100, 200], **design)
        paper_station(box, "X")
        client.force_login(official)
        assert f'name="{field}{p[0].pk}"' in client.get(first_url(box)).content.decode()
        data = {"identifier": resident.email, "station": "X", f"{field}{p[0].pk}": value}
        assert client.post(first_url(box), data).status_code == 200
        assert PaperBallot.objects.get().first_choices == {str(p[0].pk): int(value)}
        data[f"{field}{p[0].pk}"] = "tre"
        html = client.post(first_url(box), data).content.decode()
        assert 'class="error-summary"' in html

    def test_box_of_another_round_is_404(self, client, official, sater, make_round):
        box, _p = sater
        other = make_round("vote")
        client.force_login(official)
        url = reverse("voting_manage:paper_first", kwargs={"slug": other.slug, "box_id": box.pk})
        assert client.get(url).status_code == 404


@pytest.mark.usefixtures("still_clock")
class TestLookupRateLimit:
    """An official may look up only so many voters in a while, so that a misused account
    cannot go through the census number by number (settings.PAPER_LOOKUP_RATE)."""

    @pytest.fixture
    def census_box(self, make_round, settings):
        settings.PAPER_LOOKUP_RATE = "2/10m"
        budget_round = make_round("vote")
        RoundEligibilityFactory(budget_round=budget_round, use_census=True)
        CensusEntryFactory(budget_round=budget_round)  # ANNA
        return sater_box(budget_round)

    def test_over_the_limit_nothing_is_looked_up(self, client, official, census_box):
        box, p = census_box
        client.force_login(official)
        choices = [p[0].pk, p[3].pk]
        for identifier in ("ingen@example.se", "811228-9875"):  # no one; a wrong number
            response = post_first(client, box, identifier, choices)
            assert response.status_code == 200
            assert "Vi hittade ingen som får rösta" in response.content.decode()

        response = post_first(client, box, ANNA, choices)

        html = response.content.decode()
        assert response.status_code == 429
        assert 'class="error-summary"' in html and 'href="#id_identifier"' in html
        assert "Du har sökt upp många personer på kort tid" in html
        assert "Pappersröstsedeln är inte inmatad" in html
        # The typed ballot stays on the page, to send again later.
        assert re.search(rf'value="{p[0].pk}"[^>]* checked', html)
        assert not re.search(rf'value="{p[1].pk}"[^>]* checked', html)
        # Nothing was looked up: no voter account from the census, nothing reserved.
        assert not User.objects.filter(personnummer_hash__isnull=False).exists()
        assert not AuditEvent.objects.filter(action="census.voter_created").exists()
        assert not Participation.objects.exists() and not PaperBallot.objects.exists()

    def test_the_limit_is_per_official(self, client, official, census_box):
        box, p = census_box
        client.force_login(official)
        for _ in range(3):
            post_first(client, box, "ingen@example.se", [p[0].pk, p[3].pk])
        client.force_login(UserFactory(is_official=True))
        response = post_first(client, box, ANNA, [p[0].pk, p[3].pk])
        assert response.status_code == 200
        assert PaperBallot.objects.get().first_by != official

    def test_a_form_with_errors_looks_no_one_up_and_is_not_counted(
        self, client, official, census_box
    ):
        box, p = census_box
        client.force_login(official)
        for _ in range(3):  # no station: the form is refused before any look-up
            response = post_first(client, box, ANNA, [p[0].pk, p[3].pk], station="")
            assert response.status_code == 200 and 'href="#id_station"' in response.content.decode()
        assert post_first(client, box, ANNA, [p[0].pk, p[3].pk]).status_code == 200
        assert PaperBallot.objects.count() == 1


class TestSecondEntryAndResolution:
    @pytest.fixture
    def entry(self, sater, official, resident):
        box, p = sater
        paper_station(box, "Biblioteket")
        return paper.enter_first_pass(
            by=official,
            box=box,
            identifier=resident.email,
            station="Biblioteket",
            choices=[p[0].pk, p[3].pk],
        ).entry

    def test_second_entry_does_not_show_the_first(self, client, entry):
        client.force_login(UserFactory(is_official=True))
        html = client.get(manage_url("paper_second", entry, entry_id=entry.pk)).content.decode()
        assert " checked" not in html
        assert entry.number in html

    def test_same_official_is_warned(self, client, entry, official):
        client.force_login(official)
        html = client.get(manage_url("paper_second", entry, entry_id=entry.pk)).content.decode()
        assert "Det är säkrare om en annan handläggare" in html

    def test_match_counts(self, client, entry, sater):
        _box, p = sater
        client.force_login(UserFactory(is_official=True))
        url = manage_url("paper_second", entry, entry_id=entry.pk)
        response = client.post(url, {"choice": [p[0].pk, p[3].pk]}, follow=True)
        assert f"Pappersröstsedel {entry.number} är räknad." in response.content.decode()
        assert Ballot.objects.get().channel == "paper"
        # Done: the page now only says so.
        response = client.get(url, follow=True)
        assert "är redan hanterad" in response.content.decode()

    def test_mismatch_then_resolution(self, client, entry, sater):
        _box, p = sater
        client.force_login(UserFactory(is_official=True))
        client.post(
            manage_url("paper_second", entry, entry_id=entry.pk), {"choice": [p[1].pk, p[3].pk]}
        )
        entry.refresh_from_db()
        assert entry.status == PaperStatus.MISMATCH
        listing = client.get(manage_url("paper", entry)).content.decode()
        assert f"Lös {entry.number}" in listing
        resolve_url = manage_url("paper_resolve", entry, entry_id=entry.pk)
        html = client.get(resolve_url).content.decode()
        assert "Första inmatningen" in html and p[1].title in html and p[0].title in html
        client.force_login(UserFactory(is_official=True))
        response = client.post(resolve_url, {"choice": [p[0].pk, p[3].pk]})
        assert response.status_code == 302
        entry.refresh_from_db()
        assert entry.status == PaperStatus.COUNTED

    def test_second_entry_over_budget_is_explained(self, client, entry, sater):
        _box, p = sater
        client.force_login(UserFactory(is_official=True))
        response = client.post(
            manage_url("paper_second", entry, entry_id=entry.pk),
            {"choice": [p[0].pk, p[1].pk, p[3].pk]},
        )
        assert response.status_code == 200 and "högst 50" in response.content.decode()

    def test_reject(self, client, entry, official, resident):
        client.force_login(official)
        url = manage_url("paper_reject", entry, entry_id=entry.pk)
        response = client.post(url, {"reason": ""}, follow=True)
        assert "Skriv varför" in response.content.decode()
        response = client.post(url, {"reason": "Fel person"}, follow=True)
        assert "Personen kan rösta igen." in response.content.decode()
        assert not Participation.objects.filter(voter=resident).exists()
        assert client.get(url).status_code == 405

    def test_unknown_entry_is_404(self, client, official, entry):
        client.force_login(official)
        url = manage_url("paper_second", entry, entry_id=entry.pk + 1000)
        assert client.get(url).status_code == 404


class TestVoterAfterPaper:
    def test_online_page_says_voted_on_paper(self, client, official, resident, sater):
        box, p = sater
        paper_station(box, "X")
        paper.enter_first_pass(
            by=official, box=box, identifier=resident.email, station="X", choices=[p[0].pk, p[3].pk]
        )
        client.force_login(resident)
        url = reverse("voting:box", kwargs={"slug": box.budget_round.slug, "box_id": box.pk})
        message = "Du har redan röstat på papper. Din röst kan inte ändras på webben."
        html = client.get(url).content.decode()
        assert message in html and "Skicka din röst" not in html
        response = client.post(url, {"choice": [p[1].pk, p[3].pk]})
        assert response.status_code == 409 and message in response.content.decode()
        assert not Ballot.objects.exists()
        # A ballot that breaks the rules, or cannot be read, gets the same answer: the rules
        # of a ballot the voter cannot send are of no use to them.
        for choices in ([p[1].pk, p[2].pk], ["inte ett förslag"]):
            response = client.post(url, {"choice": choices})
            html = response.content.decode()
            assert response.status_code == 409 and message in html
            assert "Något behöver rättas" not in html
        assert not Ballot.objects.exists()


def test_reconciliation_page(client, official, sater):
    box, p = sater
    paper_station(box, "Biblioteket")
    paper.enter_first_pass(
        by=official,
        box=box,
        identifier=UserFactory().email,
        station="Biblioteket",
        choices=[p[0].pk, p[3].pk],
    )
    casting.cast_ballot(by=UserFactory(), box=box, choices=[p[0].pk, p[3].pk])
    client.force_login(official)
    html = client.get(manage_url("reconciliation", box)).content.decode()
    assert "Biblioteket" in html
    assert "1 pappersröstsedel väntar på sin andra inmatning." in html
