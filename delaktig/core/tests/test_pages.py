import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name", ["home", "accessibility", "about", "how_it_works", "account_login"]
)
def test_public_pages_render_in_swedish(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "sv"
    assert 'lang="sv"' in response.content.decode()


def test_strict_csp_header(client):
    response = client.get(reverse("home"))
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp


@pytest.mark.parametrize("path", ["/", "/finns-inte/", "/halsa/", "/static/js/delaktig.js"])
def test_permissions_policy_on_every_response(client, path):
    """Security review, issue 9, finding 16: no Permissions-Policy header was sent."""
    policy = client.get(path).headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "hittar inte" in response.content.decode().lower()


def test_migrations_are_complete():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)


def test_the_start_page_links_to_how_it_works(client):
    content = client.get(reverse("home")).content.decode()
    assert reverse("how_it_works") in content
    assert "Så fungerar det" in content
