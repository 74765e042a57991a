"""Absolute links to code entry, for e-mail and printed code sheets (outside a request)."""

from django.conf import settings
from django.urls import reverse


def code_url(code: str | None) -> str:
    """SITE_URL/rostkod/<code>/ (or the entry page, /rostkod/, without a code)."""
    path = (
        reverse("eligibility:link", kwargs={"code": code}) if code else reverse("eligibility:enter")
    )
    return settings.SITE_URL.rstrip("/") + path
