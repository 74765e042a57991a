"""Receipt codes: frozen with the tally run, checkable once published, never beside the votes."""

import pytest
from django.urls import reverse

from delaktig.accounts.tests.factories import UserFactory
from delaktig.core.codes import RECEIPT_CODE
from delaktig.core.errors import Conflict
from delaktig.processes.timeline import move_to
from delaktig.results import services
from delaktig.results.models import TallyRun
from delaktig.results.views import RECEIPT_RATE
from delaktig.voting.paper import services as paper
from delaktig.voting.services import casting
from delaktig.voting.tests.factories import box_with_proposals, paper_station

pytestmark = pytest.mark.django_db


@pytest.fixture
def voted(make_round, official):
    """Two online voters and one paper voter; then voting closes."""
    budget_round = make_round("vote")
    box, p = box_with_proposals(budget_round, [100, 200])
    codes = [
        casting.cast_ballot(by=UserFactory(), box=box, choices=[p[0].pk]).code,
        casting.cast_ballot(by=UserFactory(), box=box, choices=[p[1].pk]).code,
    ]
    paper_station(box, "Biblioteket", ballots=1)
    done = paper.enter_first_pass(
        by=official,
        box=box,
        identifier=UserFactory().email,
        station="Biblioteket",
        choices=[p[0].pk],
    )
    paper.enter_second_pass(by=UserFactory(is_official=True), entry=done.entry, choices=[p[0].pk])
    codes.append(done.code)
    move_to(budget_round, "result")
    return budget_round, box, codes


def publish(budget_round, box, official):
    run = services.run_tally(by=official, box=box)
    services.publish_result(by=official, budget_round=budget_round)
    return run


def check_url(budget_round):
    return reverse("results:receipt_check", kwargs={"slug": budget_round.slug})


def test_run_freezes_the_sorted_receipt_hashes(voted, official):
    _round, box, codes = voted
    run = services.run_tally(by=official, box=box)
    assert run.receipt_hashes == sorted(RECEIPT_CODE.keyed_hash(c) for c in codes)
    assert "receipt_hashes" not in run.outcome and "receipt_hashes" not in str(run.vote_counts)


def test_receipt_found_and_not_found(client, voted, official):
    budget_round, box, codes = voted
    publish(budget_round, box, official)
    page = client.get(check_url(budget_round)).content.decode()
    assert 'for="id_code"' in page
    for code in (codes[0], codes[2].lower().replace("-", " ")):  # online, paper, sloppily typed
        html = client.post(check_url(budget_round), {"code": code}).content.decode()
        assert "Ja. En röstsedel med den här kvittokoden togs emot" in html
    other = RECEIPT_CODE.generate()
    html = client.post(check_url(budget_round), {"code": other}).content.decode()
    assert "Ingen röst med den här kvittokoden räknades" in html


def test_before_the_result_the_page_says_what_can_be_checked_when(client, make_round):
    """Issue 11: the receipt page links here while voting is open; the page says that a code
    can be checked as received now, and as counted once the result is published."""
    budget_round = make_round("vote")
    html = client.get(check_url(budget_round)).content.decode()
    assert "Resultatet är inte publicerat än." in html
    assert "Omröstningen stänger" in html and "Sedan räknas rösterna" in html
    assert 'for="id_code"' in html


@pytest.mark.parametrize("dash", ["\u2013", "\u2014", "\u2212"], ids=["en", "em", "minus"])
def test_a_receipt_pasted_with_another_dash_is_found(client, voted, official, dash):
    """Word processors and e-mail clients turn hyphens into en or em dashes; a voting code
    pasted that way was accepted while a receipt code was refused (issue 10)."""
    budget_round, box, codes = voted
    publish(budget_round, box, official)
    html = client.post(check_url(budget_round), {"code": codes[0].replace("-", dash)})
    assert "Ja. En röstsedel med den här kvittokoden togs emot" in html.content.decode()


@pytest.mark.parametrize("bad", ["", "ABCD", "0000-0000-0000-0000", "x" * 40])
def test_not_a_code(client, voted, official, bad):
    budget_round, box, _codes = voted
    publish(budget_round, box, official)
    response = client.post(check_url(budget_round), {"code": bad})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html and 'href="#id_code"' in html


def test_before_publishing_the_check_says_received_not_counted(client, voted, official):
    """Issue 11: a voter can check before the result (also while voting is open) that their
    ballot was received; that it was counted, only once the result is published."""
    budget_round, box, codes = voted
    services.run_tally(by=official, box=box)  # counted, not published
    html = client.post(check_url(budget_round), {"code": codes[0]}).content.decode()
    assert "Resultatet är inte publicerat än" in html
    assert "har kommit fram" in html and "publicerade resultatet" not in html
    html = client.post(check_url(budget_round), {"code": "ABCD-EFGH-JKLM-NPQR"}).content.decode()
    assert "Ingen röstsedel med den här kvittokoden har kommit fram" in html
    url = reverse("results:download_receipts", kwargs={"slug": budget_round.slug})
    assert client.get(url).status_code == 404


def test_while_voting_is_open_the_latest_and_an_earlier_code_both_say_received(client, make_round):
    budget_round = make_round("vote")
    box, p = box_with_proposals(budget_round, [100, 200])
    voter = UserFactory()
    first = casting.cast_ballot(by=voter, box=box, choices=[p[0].pk]).code
    latest = casting.cast_ballot(by=voter, box=box, choices=[p[1].pk]).code
    for code in (first, latest):
        html = client.post(check_url(budget_round), {"code": code}).content.decode()
        assert "Ja. En röstsedel med den här kvittokoden har kommit fram." in html
    assert str(p[1].title) not in html  # never anything about the ballot


@pytest.mark.usefixtures("still_clock")
def test_rate_limited(client, voted, official):
    budget_round, box, codes = voted
    publish(budget_round, box, official)
    limit = int(RECEIPT_RATE.split("/")[0])
    for _ in range(limit):
        assert client.post(check_url(budget_round), {"code": codes[0]}).status_code == 200
    response = client.post(check_url(budget_round), {"code": codes[0]})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Vänta en minut" in html and "Ja." not in html


def test_download_lists_hashes_only(client, voted, official):
    budget_round, box, codes = voted
    publish(budget_round, box, official)
    url = reverse("results:download_receipts", kwargs={"slug": budget_round.slug})
    response = client.get(url)
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines == sorted(RECEIPT_CODE.keyed_hash(c) for c in codes)
    assert all(len(line) == 64 for line in lines)


def test_result_page_links_to_the_check(client, voted, official):
    budget_round, box, _codes = voted
    publish(budget_round, box, official)
    html = client.get(reverse("results:detail", kwargs={"slug": budget_round.slug})).content
    assert check_url(budget_round) in html.decode()


def test_publishing_waits_for_paper_ballots(make_round, official):
    """An open paper ballot blocks publishing; one counted after the run needs a recount."""
    budget_round = make_round("result")
    box, p = box_with_proposals(budget_round, [100])
    services.run_tally(by=official, box=box)
    paper_station(box, "X", ballots=1)
    entry = paper.enter_first_pass(
        by=official, box=box, identifier=UserFactory().email, station="X", choices=[p[0].pk]
    ).entry
    with pytest.raises(Conflict, match="inte räknade än"):
        services.publish_result(by=official, budget_round=budget_round)
    paper.enter_second_pass(by=UserFactory(is_official=True), entry=entry, choices=[p[0].pk])
    with pytest.raises(Conflict, match="Räkna igen"):
        services.publish_result(by=official, budget_round=budget_round)
    services.run_tally(by=official, box=box)
    assert services.publish_result(by=official, budget_round=budget_round)
    assert TallyRun.objects.published().get().ballot_count == 1


@pytest.mark.usefixtures("still_clock")
def test_one_receipt_code_from_many_addresses_is_limited(client, voted, official, settings):
    """Attack: behind the proxy each client has its own per-minute limit (core/client_ip.py);
    a receipt code checked from many addresses also meets a per-code limit."""
    from delaktig.results.views import PER_RECEIPT_RATE

    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    budget_round, box, codes = voted
    publish(budget_round, box, official)

    def check(address):
        return client.post(
            check_url(budget_round),
            {"code": codes[0]},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=address,
        )

    for i in range(int(PER_RECEIPT_RATE.split("/")[0])):
        assert check(f"198.51.100.{i}").status_code == 200
    response = check("198.51.100.200")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Det här kvittot har kontrollerats många gånger" in html and "Ja." not in html
    # Another voter's receipt, from an address the proxy saw once: answered.
    other = client.post(
        check_url(budget_round),
        {"code": codes[1]},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.201",
    )
    assert other.status_code == 200
