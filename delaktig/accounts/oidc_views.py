"""The OIDC endpoints: mozilla-django-oidc's views, answering 404 while OIDC is off.

A failed sign-in shows a page saying why (missing or invalid personnummer, the provider not
answering, a cancelled or stale attempt) rather than an error page. ``oidc/logout/`` is
mozilla-django-oidc's logout view (POST only); with ``OIDC_OP_LOGOUT_URL_METHOD`` it ends the
provider's session too, exactly as allauth's "Logga ut" does (see oidc_logout.py).
"""

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import render, resolve_url
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
    OIDCLogoutView,
)

from .oidc import ID_TOKEN_SESSION_KEY, Refusal, oidc_enabled, refusal_reason, refuse


class EidCallbackView(OIDCAuthenticationCallbackView):
    def get(self, request):
        if request.GET.get("error"):
            refuse(request, Refusal.CANCELLED)
        elif "code" in request.GET and "state" in request.GET:
            states = request.session.get("oidc_states") or {}
            if request.GET["state"] not in states:
                refuse(request, Refusal.EXPIRED)
                return self.login_failure()
        try:
            return super().get(request)
        except SuspiciousOperation:
            refuse(request, Refusal.EXPIRED)
            return self.login_failure()

    def login_failure(self):
        # The ID token of a refused sign-in is of no use for sign-out later.
        self.request.session.pop(ID_TOKEN_SESSION_KEY, None)
        user = getattr(self, "user", None)
        if user is not None and not user.is_active:
            refuse(self.request, Refusal.INACTIVE)
        code = refusal_reason(self.request) or Refusal.FAILED
        return render(
            self.request,
            "accounts/oidc_failed.html",
            {"message": Refusal.message(code), "reason": code},
            status=Refusal.status(code),
        )


class EidLogoutView(OIDCLogoutView):
    """POST only; ends the provider's session too (``OIDC_OP_LOGOUT_URL_METHOD``)."""

    @property
    def redirect_url(self):
        # mozilla-django-oidc reads LOGOUT_REDIRECT_URL, which Django leaves None.
        return resolve_url(settings.LOGOUT_REDIRECT_URL or "home")


def _only_when_enabled(view_class):
    view = view_class.as_view()

    def wrapped(request, *args, **kwargs):
        if not oidc_enabled():
            raise Http404("OpenID Connect sign-in is not configured.")
        return view(request, *args, **kwargs)

    wrapped.__doc__ = view_class.__doc__
    return wrapped


authenticate = _only_when_enabled(OIDCAuthenticationRequestView)
callback = _only_when_enabled(EidCallbackView)
logout = _only_when_enabled(EidLogoutView)
