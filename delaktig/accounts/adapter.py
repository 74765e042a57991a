"""allauth adapter: the client's address for allauth's rate limits.

Sign-in, password reset and the second factor are rate limited by allauth per client address
and per account (ACCOUNT_RATE_LIMITS). allauth asks `get_client_ip` for the address; behind the
municipality's proxy that must be the client's, not the proxy's (core/client_ip.py).
"""

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied

from delaktig.core.client_ip import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip
