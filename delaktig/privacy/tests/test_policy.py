import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

POLICY = reverse("privacy:policy")


def test_policy_is_plain_swedish_and_names_the_municipality(client, settings):
    settings.MUNICIPALITY_NAME = "Nässjö kommun"
    response = client.get(POLICY)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Personuppgiftspolicy</h1>" in page
    assert page.count("<h1") == 1
    assert "Nässjö kommun är personuppgiftsansvarig" in page
    assert "Integritetsskyddsmyndigheten" in page
    assert "allmänt intresse" in page
    assert "Vem som röstade sparas skilt från vad som röstades på" in page


def test_policy_states_the_retention_period(client, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 45
    page = client.get(POLICY).content.decode()
    assert "45 dagar efter att omgångens resultat publicerades" in page


def test_policy_shows_the_contact_address_when_set(client, settings):
    settings.PRIVACY_CONTACT_EMAIL = "dataskydd@nassjo.se"
    page = client.get(POLICY).content.decode()
    assert 'href="mailto:dataskydd@nassjo.se"' in page


def test_signed_in_person_gets_a_link_to_their_data(client, resident):
    client.force_login(resident)
    page = client.get(POLICY).content.decode()
    assert reverse("privacy:my_data") in page


def test_policy_only_answers_get(client):
    assert client.post(POLICY).status_code == 405


def test_policy_in_english(client):
    client.cookies["django_language"] = "en"
    # The request activates English in this thread; put Swedish back for the tests after it.
    with translation.override("sv"):
        page = client.get(POLICY).content.decode()
    assert "Privacy policy" in page
