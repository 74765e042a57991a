"""A second factor (TOTP, allauth.mfa) for administrators, and one way into /admin/.

- Officials and moderators may turn on an authenticator app (/konto/2fa/); allauth then asks
  for its code at every sign-in.
- Administrators (is_superuser or is_staff) must: before they reach /admin/ or any /hantera/
  page, `RequireSecondFactor` sends one without an authenticator app to set it up, and one
  whose session has not passed the second factor (signed in before setting it up, or by
  e-legitimation) to type a code.
- Django admin's own sign-in form would check the password alone, with no rate limit:
  `admin_login` replaces it and sends everyone to allauth's sign-in (rate limited per
  address and per account, second factor), which leads back to /admin/.
"""

import base64
import hashlib
import hmac
import struct
import time

from allauth.account.authentication import get_authentication_records
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .adapter import is_administrator

# Pages an administrator reaches only after the second factor.
PROTECTED_PREFIXES = ("/admin/", "/hantera/")


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def passed_second_factor(request) -> bool:
    """True if this session has been through the second factor (sign-in or a fresh code)."""
    records = get_authentication_records(request, request.user)
    return any(r.get("method") == "mfa" for r in records)


class RequireSecondFactor:
    """Keeps administrators out of /admin/ and /hantera/ until they have used a second factor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(PROTECTED_PREFIXES) and is_administrator(request.user):
            if not has_totp(request.user):
                messages.warning(
                    request,
                    _(
                        "Administrators must use two-factor authentication. Activate an "
                        "authenticator app to continue."
                    ),
                )
                return redirect("mfa_activate_totp")
            if not passed_second_factor(request):
                query = urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
                return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        return self.get_response(request)


def admin_login(request, extra_context=None):
    """/admin/login/: allauth's sign-in, then back to the admin. Takes the place of
    AdminSite.login (accounts/admin.py), which checks a password with no limit or second factor."""
    if request.user.is_authenticated:
        # Signed in but not staff: the admin sent them here; signing in again would loop.
        raise PermissionDenied
    next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
    return redirect_to_login(next_url, login_url=reverse("account_login"))


def set_up_totp(user, secret: str) -> Authenticator:
    """Give `user` an authenticator app with a known base32 secret, as allauth stores one.
    For the demo's administrator (load_demo) and tests; people set theirs up at /konto/2fa/."""
    authenticator, _created = Authenticator.objects.update_or_create(
        user=user,
        type=Authenticator.Type.TOTP,
        defaults={"data": {"secret": get_mfa_adapter().encrypt(secret)}},
    )
    return authenticator


def totp_code(secret: str, at: float | None = None) -> str:
    """The six digits an authenticator app shows for `secret` (RFC 6238: SHA-1, 30 seconds),
    for the demo's `demo_totp` command and tests."""
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"
