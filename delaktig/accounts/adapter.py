"""allauth's account adapter: sign-out also ends the session at the OpenID provider.

allauth's logout view (``account_logout``, the "Logga ut" button) asks for the redirect URL
before it ends the session; for someone who signed in over OIDC that is the provider's
end-session URL, built by the same function mozilla-django-oidc's logout view uses
(``OIDC_OP_LOGOUT_URL_METHOD``, see oidc_logout.py). Everyone else signs out locally.
"""

from allauth.account.adapter import DefaultAccountAdapter

from .oidc_logout import provider_logout_url


class AccountAdapter(DefaultAccountAdapter):
    def get_logout_redirect_url(self, request):
        return provider_logout_url(request) or super().get_logout_redirect_url(request)
