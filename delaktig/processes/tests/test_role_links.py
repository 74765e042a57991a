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
