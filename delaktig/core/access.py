"""The permission check every app's pages share: a 403 that says why."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def require(user, perm, obj=None, message=None):
    """Raise a 403 that says why, unless the user has `perm` (on `obj`)."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied(message or _("You do not have the role needed for this page."))
