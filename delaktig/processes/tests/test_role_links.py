"""Issue 11, broken 1: a moderator opening a round under "Hantera" got 403, and an official
saw a "Moderering" link that answered 403. No link on the manage pages may lead to a 403."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def links(html: str) -> list[str]:
    return re.findall(r'href="(/hantera/[^"]*)"', html)


def test_a_moderator_reaches_the_moderation_queue_by_clicking(client, moderator, make_round):
    budget_round = make_round("propose")
    client.force_login(moderator)
    html = client.get(reverse("processes_manage:dashboard")).content.decode()
    queue = reverse("proposals_manage:moderation", args=[budget_round.slug])
    assert queue in html
    for href in links(html):
        assert client.get(href).status_code == 200, href


def test_an_official_sees_no_link_that_answers_403(client, official, make_round):
    budget_round = make_round("propose")
    client.force_login(official)
    page = reverse("processes_manage:round_manage", args=[budget_round.slug])
    html = client.get(page).content.decode()
    assert reverse("proposals_manage:moderation", args=[budget_round.slug]) not in html
    for href in links(html):
        assert client.get(href).status_code in (200, 302), href


def test_a_draft_round_is_not_described_as_ended(client, official):
    """Issue 11, broken 7: a draft round was described as "Budgetomgången är avslutad"."""
    from delaktig.processes.tests.factories import BudgetRoundFactory

    draft = BudgetRoundFactory(status="draft")
    client.force_login(official)
    for url in (
        reverse("processes_manage:round_manage", args=[draft.slug]),
        draft.get_absolute_url(),
    ):
        html = client.get(url).content.decode()
        assert "avslutad" not in html
        assert "Det här är ett utkast" in html
