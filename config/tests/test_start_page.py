"""Issue 11: the start page under "Hantera" shows each role the work that waits for it, with
counts and links, and no link on it answers 403 for that role."""

import re

import pytest
from django.urls import reverse

from delaktig.assessments.tests.factories import AssessmentFactory
from delaktig.processes.tests.factories import BudgetRoundFactory
from delaktig.proposals.models import ProposalStatus
from delaktig.proposals.tests.factories import ProposalFactory, ReportFactory
from delaktig.results import services as result_services
from delaktig.results.tests.factories import box_with_ballots

pytestmark = pytest.mark.django_db


def start_page(client) -> str:
    response = client.get(reverse("processes_manage:dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def work_links(html: str) -> list[str]:
    """The links of the "Det här väntar på dig" part of the page."""
    part = html.split('id="work"', 1)[1].split("<table", 1)[0]
    return re.findall(r'href="([^"]+)"', part)


def assert_every_link_opens(client, html):
    for href in re.findall(r'href="(/hantera/[^"]*)"', html):
        status = client.get(href).status_code
        assert status in (200, 302), f"{href} answers {status}"
        assert status != 403


@pytest.fixture
def busy_rounds(make_round, official):
    """A round with reports and a proposal waiting for a moderator, one with proposals waiting
    for assessment, a draft missing its steps, and a counted result ready to publish."""
    propose = make_round("propose", name="Förslagsomgången")
    reported = ProposalFactory(budget_round=propose)
    ReportFactory(proposal=reported)
    ReportFactory(proposal=reported, reason="Reklam.")
    ProposalFactory(budget_round=propose, status=ProposalStatus.PENDING)

    assess = make_round("assess", name="Bedömningsomgången")
    ProposalFactory.create_batch(2, budget_round=assess)
    AssessmentFactory(proposal__budget_round=assess)

    draft = BudgetRoundFactory(status="draft", name="Utkastet")

    result = make_round("result", name="Resultatomgången", total_budget=50_000)
    box, _ = box_with_ballots(result, costs={"A": 30_000}, ballots=[["A"]])
    result_services.run_tally(by=official, box=box)
    return {"propose": propose, "assess": assess, "draft": draft, "result": result}


def test_a_moderator_sees_the_reports_and_proposals_waiting(client, moderator, busy_rounds):
    client.force_login(moderator)
    html = start_page(client)
    assert "Det här väntar på dig" in html
    assert "2 anmälningar väntar på att hanteras" in html
    assert "1 förslag väntar på att publiceras" in html
    queue = reverse("proposals_manage:moderation", args=[busy_rounds["propose"].slug])
    assert queue in work_links(html)
    # Not the officials' work.
    assert "väntar på bedömning" not in html and "Utkastet" not in html
    assert_every_link_opens(client, html)


def test_an_official_sees_assessment_missing_steps_and_what_to_publish(
    client, official, busy_rounds
):
    client.force_login(official)
    html = start_page(client)
    assert "2 förslag väntar på bedömning" in html
    assert "1 bedömning är klar att publicera" in html
    assert "Ingen tidsplan än" in html
    assert "Inga områden än" in html
    assert "Ett utkast: inte publicerad än" in html
    assert "Resultatet är räknat och klart att publicera" in html
    assert reverse("results_manage:publish", args=[busy_rounds["result"].slug]) in html
    # Not the moderators' work.
    assert "anmäl" not in html.split('id="work"', 1)[1].split("<table", 1)[0]
    assert_every_link_opens(client, html)


def test_a_round_with_voting_and_no_ballot_box_says_so(client, official, make_round):
    budget_round = make_round("inform", name="Utan omröstning")
    client.force_login(official)
    html = start_page(client)
    assert "Ingen omröstning än" in html
    assert reverse("voting_manage:index", args=[budget_round.slug]) in work_links(html)
    assert_every_link_opens(client, html)


def test_an_official_of_another_round_sees_nothing_of_it(client, official, busy_rounds):
    from delaktig.accounts.tests.factories import UserFactory

    other = UserFactory(is_official=True)
    busy_rounds["assess"].officials.set([other])
    client.force_login(official)
    html = start_page(client)
    assert "2 förslag väntar på bedömning" not in html
    assert_every_link_opens(client, html)


def test_nothing_waiting_is_said(client, moderator):
    client.force_login(moderator)
    assert "Just nu väntar inget på dig." in start_page(client)


def test_an_administrator_sees_no_link_that_answers_403(admin_client, busy_rounds):
    html = start_page(admin_client)
    assert "Det här väntar på dig" in html
    assert_every_link_opens(admin_client, html)
