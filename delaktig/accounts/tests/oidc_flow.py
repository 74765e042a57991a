"""Helpers for the e-ID tests: start the real test provider, and walk its pages like a browser."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings

from .oidc_provider_site.people import CLIENT_ID, CLIENT_SECRET, PASSWORD

STARTUP_TIMEOUT = 20


@dataclass
class Provider:
    process: subprocess.Popen
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/openid"

    def settings(self) -> dict:
        """Delaktig's settings for signing in at this provider."""
        return {
            "OIDC_ENABLED": True,
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.url}/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.url}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.url}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.url}/jwks",
            "OIDC_RP_SIGN_ALGO": "RS256",
            "OIDC_RP_SCOPES": "openid profile email personnummer groups",
            "OIDC_PERSONNUMMER_CLAIM": "personal_number",
            "OIDC_GROUPS_CLAIM": "groups",
            "OIDC_TIMEOUT": 5,
            "OIDC_OP_LOGOUT_ENDPOINT": f"{self.url}/end-session",
            "OIDC_STORE_ID_TOKEN": True,
        }

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_provider(
    workdir: Path, redirect_uri: str, post_logout_redirect_uri: str | None = None
) -> Provider:
    """Start the django-oidc-provider test site in a subprocess on 127.0.0.1."""
    workdir.mkdir(parents=True, exist_ok=True)
    logout = ["--post-logout-redirect-uri", post_logout_redirect_uri]
    process = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
        [
            sys.executable,
            "-m",
            "delaktig.accounts.tests.oidc_provider_site.serve",
            "--db",
            str(workdir / "provider.sqlite3"),
            "--redirect-uri",
            redirect_uri,
            *(logout if post_logout_redirect_uri else []),
        ],
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=(workdir / "provider.log").open("w"),
        text=True,
    )
    deadline = time.monotonic() + STARTUP_TIMEOUT
    line = ""
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if line.startswith("READY ") or process.poll() is not None:
            break
    if not line.startswith("READY "):
        process.kill()
        log = (workdir / "provider.log").read_text()
        raise RuntimeError(f"the test OIDC provider did not start:\n{log}")
    return Provider(process=process, port=int(line.split()[1]))


class _Forms(HTMLParser):
    """The forms of a page: action and the name/value of each input (and submit buttons)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action") or "", "fields": {}, "submits": {}})
        elif tag == "input" and self.forms and attrs.get("name"):
            kind = attrs.get("type", "text")
            target = "submits" if kind == "submit" else "fields"
            self.forms[-1][target][attrs["name"]] = attrs.get("value") or ""


def only_form(response: requests.Response) -> dict:
    parser = _Forms()
    parser.feed(response.text)
    assert len(parser.forms) == 1, f"expected one form on {response.url}:\n{response.text}"
    form = parser.forms[0]
    form["action"] = urljoin(response.url, form["action"])
    return form


def form_to(response: requests.Response, path: str) -> dict:
    """The last form on a page that posts to ``path``: the page's own, after the header's."""
    parser = _Forms()
    parser.feed(response.text)
    forms = [f for f in parser.forms if urlsplit(urljoin(response.url, f["action"])).path == path]
    assert forms, f"expected a form to {path} on {response.url}:\n{response.text}"
    form = forms[-1]
    form["action"] = urljoin(response.url, form["action"])
    return form


def sign_in_at_provider(
    session: requests.Session, delaktig_url: str, username: str, *, allow: bool = True
) -> requests.Response:
    """Start at Delaktig, sign in and consent at the provider; stop before the callback.

    Returns the provider's redirect back to Delaktig (not followed).
    """
    page = session.get(f"{delaktig_url}/oidc/authenticate/", timeout=10)
    assert page.status_code == 200, page.text
    assert "/login/" in page.url, page.url  # the provider's own sign-in form
    login = only_form(page)
    fields = {**login["fields"], "username": username, "password": PASSWORD}
    consent_page = session.post(login["action"], data=fields, timeout=10)
    assert consent_page.status_code == 200, consent_page.text
    assert "Request for Permission" in consent_page.text
    consent = only_form(consent_page)
    data = dict(consent["fields"])
    if allow:
        data["allow"] = consent["submits"]["allow"]
    back = session.post(consent["action"], data=data, allow_redirects=False, timeout=10)
    assert back.status_code == 302, back.text
    assert back.headers["Location"].startswith(f"{delaktig_url}/oidc/callback/")
    return back


def sign_in(session: requests.Session, delaktig_url: str, username: str) -> requests.Response:
    """The whole flow: Delaktig → provider → Delaktig's callback → wherever it leads."""
    back = sign_in_at_provider(session, delaktig_url, username)
    return session.get(back.headers["Location"], timeout=10)


def sign_out(session: requests.Session, delaktig_url: str) -> requests.Response:
    """Press "Logga ut" in the header of the home page, as a browser without JavaScript would.

    Returns Delaktig's answer to the POST (not followed).
    """
    home = session.get(f"{delaktig_url}/", timeout=10)
    form = form_to(home, "/konto/logout/")
    return session.post(form["action"], data=form["fields"], allow_redirects=False, timeout=10)
