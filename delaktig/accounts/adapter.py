"""allauth adapters: the client's address for allauth's rate limits, and the second factor.

Sign-in, password reset and the second factor are rate limited by allauth per client address
and per account (ACCOUNT_RATE_LIMITS). allauth asks `get_client_ip` for the address; behind the
municipality's proxy that must be the client's, not the proxy's (core/client_ip.py).
"""

from io import BytesIO

import segno
from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.core.exceptions import PermissionDenied

from delaktig.core.client_ip import client_ip


def is_administrator(user) -> bool:
    """Administrators reach /admin/ and every /hantera/ page: they must use a second factor."""
    return bool(user.is_authenticated and (user.is_superuser or user.is_staff))


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip


class MFAAdapter(DefaultMFAAdapter):
    def build_totp_svg(self, url: str) -> str:
        """The QR code of the authenticator app's set-up link, drawn by segno (already used for
        the code sheets) rather than qrcode, which allauth would need as one more dependency."""
        buffer = BytesIO()
        segno.make(url, error="m").save(
            buffer, kind="svg", scale=5, border=4, xmldecl=False, light="#fff"
        )
        return buffer.getvalue().decode()

    def can_delete_authenticator(self, authenticator) -> bool:
        """Administrators cannot switch their second factor off (they may set up a new app by
        asking another administrator to delete the old one in /admin/)."""
        return not is_administrator(authenticator.user)
