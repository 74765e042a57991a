"""The public assessments page is reachable from the round's tabs, on every round page."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def round_tabs(response):
    """The round's navigation (processes/_round_nav.html): {link: aria-current or None}."""
    nav = re.search(r'<nav class="sub-nav".*?</nav>', response.content.decode(), re.S)
    assert nav, "the page has no round navigation"
    return dict(re.findall(r'<a href="([^"]+)"( aria-current="page")?', nav[0]))


@pytest.mark.parametrize(
    "page", ["processes:round_detail", "proposals:list", "voting:ballot", "results:detail"]
)
def test_every_round_page_links_to_the_public_assessments(client, make_round, page):
    budget_round = make_round("assess")
    response = client.get(reverse(page, kwargs={"slug": budget_round.slug}))
    assert response.status_code == 200
    assessments = reverse("assessments:list", kwargs={"slug": budget_round.slug})
    assert round_tabs(response).get(assessments) == ""  # a tab, not the current one


def test_the_assessments_tab_is_current_on_the_assessments_page(client, make_round):
    budget_round = make_round("assess")
    assessments = reverse("assessments:list", kwargs={"slug": budget_round.slug})
    response = client.get(assessments)
    assert response.status_code == 200
    tabs = round_tabs(response)
    assert tabs[assessments]
    assert [href for href, current in tabs.items() if current] == [assessments]
    assert "Bedömningar</a>" in response.content.decode()
