""" "Logga ut": allauth's sign-out, which also ends the session at the OpenID provider.

For someone who signed in over OIDC the browser goes, once Delaktig's session has ended, to the
provider's end-session URL, built by the same function mozilla-django-oidc's logout view uses
(``OIDC_OP_LOGOUT_URL_METHOD``, see oidc_logout.py), whatever `next` the form carries: on a
shared computer the provider's session must not outlive Delaktig's. Everyone else signs out
as allauth does (a same-site `next`, else the home page). Mounted at allauth's own address
and name (``account_logout``) in config/urls.py.
"""

from allauth.account.views import LogoutView

from .oidc_logout import provider_logout_url


class SignOutView(LogoutView):
    def get_redirect_url(self) -> str:
        # allauth calls this before it ends the session: the ID token is still there.
        return provider_logout_url(self.request) or super().get_redirect_url()
