"""The privacy policy, "Mina uppgifter", downloading your data and deleting your account."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db.models import ProtectedError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import get_usage

from delaktig.core.errors import Conflict

from . import services
from .forms import DeleteAccountForm

# Wrong passwords on the delete page before a pause: the page is behind sign-in already.
DELETE_ATTEMPTS_RATE = "5/15m"


@require_GET
def policy(request):
    return render(
        request,
        "privacy/policy.html",
        {
            "retention_days": services.retention_days(),
            "contact_email": getattr(settings, "PRIVACY_CONTACT_EMAIL", ""),
        },
    )


@never_cache
@login_required
@require_GET
def my_data(request):
    return render(
        request,
        "privacy/my_data.html",
        {
            "data": services.personal_data(request.user),
            "cannot_delete": services.why_cannot_delete(request.user),
        },
    )


@login_required
@require_GET
def download(request):
    data = services.personal_data(request.user)
    body = json.dumps(data, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"mina-uppgifter-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _wrong_passwords(request, *, increment: bool) -> bool:
    usage = get_usage(
        request, group="privacy.delete", key="user", rate=DELETE_ATTEMPTS_RATE, increment=increment
    )
    return bool(usage) and usage["count"] >= usage["limit"]


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    user = request.user
    form = DeleteAccountForm(request.POST or None, user=user)
    context = {"form": form, "cannot_delete": services.why_cannot_delete(user)}
    if request.method != "POST" or context["cannot_delete"]:
        return render(request, "privacy/delete_account.html", context)
    if _wrong_passwords(request, increment=False):
        context["service_error"] = _(
            "You have typed a wrong password too many times. Wait 15 minutes and try again."
        )
        return render(request, "privacy/delete_account.html", context, status=429)
    if not form.is_valid():
        if "password" in form.errors:
            _wrong_passwords(request, increment=True)
        return render(request, "privacy/delete_account.html", context, status=400)
    try:
        services.delete_account(by=user)
    except Conflict as error:
        context["service_error"] = error.message
        return render(request, "privacy/delete_account.html", context, status=409)
    except ProtectedError:
        context["service_error"] = _(
            "Your account could not be deleted because other records still need it. "
            "Contact the municipality and we will delete it for you."
        )
        return render(request, "privacy/delete_account.html", context, status=409)
    logout(request)
    messages.success(request, _("Your account has been deleted."))
    return redirect("privacy:policy")
