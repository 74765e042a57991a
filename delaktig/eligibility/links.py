"""Absolute links to code entry, for e-mail and printed code sheets (outside a request)."""

from django.conf import settings
from django.urls import reverse


def code_url(code: str | None) -> str:
    """SITE_URL/rostkod/#<code> (or the entry page, /rostkod/, without a code).

    The code is in the fragment, which a browser never sends: it stays out of the web server's
    and the proxy's access logs (issue 9). static/js/delaktig.js puts it in the form; without
    JavaScript the person types the code, which the e-mail and the slip also show. Links of the
    older form /rostkod/<code>/ still work (views.link)."""
    path = reverse("eligibility:enter")
    return settings.SITE_URL.rstrip("/") + path + (f"#{code}" if code else "")
