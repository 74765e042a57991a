import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from delaktig.audit.services import record
from delaktig.proposals.tests.factories import (
    CommentFactory,
    ProposalFactory,
    ReportFactory,
    SupportFactory,
)
from delaktig.voting.models import Ballot, Participation

from .factories import publish, voted_round

pytestmark = pytest.mark.django_db

MY_DATA = reverse("privacy:my_data")
DOWNLOAD = reverse("privacy:download")


@pytest.fixture
def resident_with_data(resident, other_resident):
    budget_round, box, proposals = voted_round()
    mine = ProposalFactory(
        budget_round=budget_round, author=resident, title="Utegym i Brinkaparken"
    )
    CommentFactory(proposal=mine, author=resident, body="Jag kan hjälpa till att bygga.")
    SupportFactory(proposal=proposals["A"], user=resident)
    ReportFactory(proposal=proposals["B"], reporter=resident, reason="Dubblett av ett annat.")
    Participation.objects.create(box=box, voter=resident, channel="paper")
    # Someone else's data that must never be in the resident's file.
    theirs = ProposalFactory(
        budget_round=budget_round, author=other_resident, title="Hundrastgård vid sjön"
    )
    CommentFactory(proposal=mine, author=other_resident, body="Bertils hemliga kommentar")
    ReportFactory(
        proposal=None,
        comment=CommentFactory(proposal=theirs, author=other_resident, body="Bertils text"),
        reporter=resident,
    )
    return budget_round, box


def download(client, user):
    client.force_login(user)
    response = client.get(DOWNLOAD)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    return response, json.loads(response.content)


def test_export_holds_my_proposals_comments_supports_reports_and_participations(
    client, resident, resident_with_data
):
    budget_round, box = resident_with_data
    _, data = download(client, resident)
    assert data["account"]["email"] == resident.email
    assert data["account"]["name"] == "Anna Andersson"
    assert [e["email"] for e in data["email_addresses"]] == [resident.email]
    assert [p["title"] for p in data["proposals"]] == ["Utegym i Brinkaparken"]
    assert data["proposals"][0]["description"]
    assert [c["text"] for c in data["comments"]] == ["Jag kan hjälpa till att bygga."]
    assert [s["proposal"]["title"] for s in data["supports"]] == ["Förslag A"]
    assert {r["what_is_wrong"] for r in data["reports"]} >= {"Dubblett av ett annat."}
    [participation] = data["participations"]
    assert participation["round"]["name"] == budget_round.name
    assert participation["ballot_box"] == box.pk
    assert participation["channel"] == "paper"
    assert participation["voted"]


def test_export_has_no_ballot_and_no_one_elses_data(
    client, resident, other_resident, resident_with_data
):
    response, _data = download(client, resident)
    text = response.content.decode()
    for ballot in Ballot.objects.all():
        assert str(ballot.pk) not in text
        assert ballot.locator not in text
    assert "choices" not in text
    assert other_resident.email not in text
    assert other_resident.full_name not in text
    assert "Bertils hemliga kommentar" not in text
    assert "Bertils text" not in text
    assert "Hundrastgård vid sjön" in text  # the proposal the resident reported, by title
    assert resident.password not in text


def test_my_data_page_lists_what_is_stored(client, resident, resident_with_data):
    client.force_login(resident)
    response = client.get(MY_DATA)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Mina uppgifter" in page
    assert "Utegym i Brinkaparken" in page
    assert "Papper" in page
    assert reverse("privacy:delete_account") in page


@pytest.mark.parametrize("url", [MY_DATA, DOWNLOAD, reverse("privacy:delete_account")])
def test_anonymous_is_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_download_only_answers_get(client, resident):
    client.force_login(resident)
    assert client.post(DOWNLOAD).status_code == 405
    assert client.post(MY_DATA).status_code == 405


def test_an_official_sees_their_log_entries(client, official, resident):
    _, _, proposals = voted_round()
    record(official, "assessment.decided", proposals["A"], verdict="feasible")
    _, data = download(client, official)
    assert [e["action"] for e in data["audit_log"]][-1] == "assessment.decided"
    assert "verdict" not in json.dumps(data["audit_log"])


def test_export_and_purge_cover_the_invitation_list(client, resident, official):
    from delaktig.eligibility.models import Invitation

    budget_round, _, _ = voted_round()
    Invitation.objects.create(
        budget_round=budget_round, name="Anna Andersson", email=resident.email, voter=resident
    )
    _, data = download(client, resident)
    assert [row["kind"] for row in data["eligibility"]] == ["invitation"]
    assert "code_hash" not in json.dumps(data["eligibility"])

    publish(budget_round, official, days_ago=100)
    call_command("purge_personal_data", "--days", "90", stdout=StringIO())
    assert not Invitation.objects.filter(budget_round=budget_round).exists()
