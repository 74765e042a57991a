"""The accessibility statement has what the law (DOS-lagen, the EU model statement) asks for,
and what varies per municipality comes from settings, not from the template."""

import datetime

import pytest
from django.core import checks
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def statement(client, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "tillganglighet@torsby.se"
    settings.ACCESSIBILITY_REVIEWED_ON = datetime.date(2027, 3, 14)

    def get():
        response = client.get(reverse("accessibility"))
        assert response.status_code == 200
        return response.content.decode()

    return get


def test_says_how_compliant_the_site_is(statement):
    assert "delvis förenlig med lagen" in statement()


def test_a_barrier_is_reported_and_other_forms_asked_for_at_the_set_address(statement):
    page = statement()
    assert page.count('href="mailto:tillganglighet@torsby.se"') == 2
    assert "innehåll i en annan form" in page


def test_links_to_the_supervisory_authoritys_report_page(statement):
    page = statement()
    assert '<a href="https://www.digg.se/tdosanmalan">' in page
    assert "Anmäl bristande tillgänglighet till Digg" in page


def test_review_date_comes_from_the_setting(statement, settings):
    assert "Senast granskad 14 mars 2027." in statement()
    settings.ACCESSIBILITY_REVIEWED_ON = datetime.date(2027, 9, 1)
    assert "Senast granskad 1 september 2027." in statement()


def test_without_an_address_the_page_links_nowhere_and_deploy_check_warns(client, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = ""
    assert "mailto:" not in client.get(reverse("accessibility")).content.decode()
    warnings = checks.run_checks(include_deployment_checks=True)
    assert "delaktig.W001" in [w.id for w in warnings]


def test_deploy_check_is_quiet_once_an_address_is_set(settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "tillganglighet@torsby.se"
    warnings = checks.run_checks(include_deployment_checks=True)
    assert "delaktig.W001" not in [w.id for w in warnings]


def test_in_english_too(client, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "tillganglighet@torsby.se"
    settings.ACCESSIBILITY_REVIEWED_ON = datetime.date(2027, 3, 14)
    page = client.get(reverse("accessibility"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Last reviewed on 14 March 2027." in page
    assert "Report inadequate accessibility to Digg" in page
