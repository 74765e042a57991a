from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from .models import BudgetRound


def require(user, perm, obj=None, message=None):
    """Raise a 403 that says why, unless the user has `perm` (on `obj`)."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied(message or _("You do not have the role needed for this page."))


@login_required
def dashboard(request):
    if not (request.user.is_official or request.user.is_moderator or request.user.is_superuser):
        raise PermissionDenied(_("Only case officers and moderators can manage rounds."))
    rounds = BudgetRound.objects.prefetch_related("phases")
    return render(request, "processes/manage/dashboard.html", {"rounds": rounds})
