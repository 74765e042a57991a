from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from delaktig.accounts.oidc import oidc_enabled

register = template.Library()


@register.simple_tag(takes_context=True)
def oidc_login(context):
    """``{% oidc_login as oidc %}``: whether e-ID sign-in is on, its address and provider name."""
    if not oidc_enabled():
        return {"enabled": False}
    try:
        url = reverse("oidc_authentication_init")
    except NoReverseMatch:  # the OIDC URLs are not mounted
        return {"enabled": False}
    request = context.get("request")
    next_url = request.GET.get("next") if request is not None else None
    if next_url:
        url = f"{url}?{urlencode({'next': next_url})}"
    return {
        "enabled": True,
        "url": url,
        "provider_name": getattr(settings, "OIDC_PROVIDER_NAME", ""),
    }
