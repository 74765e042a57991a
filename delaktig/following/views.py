"""Following: the button (signed in), the e-mail form and its confirmation link (no
account), stopping from an e-mail's link (no sign-in), one's own list. Every page works without
JavaScript; a bad, old or used link gets a page that says so in plain words, never a 500."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from delaktig.core.errors import FORM_ERRORS, DomainError, NotAllowed
from delaktig.core.forms import add_domain_error

from . import registry, services, tokens
from .forms import EmailFollowForm
from .models import Follow

# The e-mail form sends a message to whatever address is typed: limit how often, per client
# address and per e-mail address (so that nobody can fill someone's mailbox with links).
EMAIL_RATE_GROUP = "following.email"
EMAIL_RATE = "10/h"
ADDRESS_RATE = "3/d"


def _target(key: str, pk: int):
    """(followable, object) for a URL, or 404: an unknown kind, a missing object."""
    try:
        followable = registry.by_key(key)
    except DomainError:
        raise Http404 from None
    target = followable.load(pk)
    if target is None:
        raise Http404
    return followable, target


def _back(request, followable, target) -> str:
    """Where to go after the button: the page it was on (this site only), else the thing's."""
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return followable.path_of(target)


@require_POST
def follow(request, key, pk):
    followable, target = _target(key, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(followable.path_of(target))
    services.follow(by=request.user, target=target)  # NotAllowed: the 403 page says why
    messages.success(
        request,
        followable.you_follow(target)
        + " "
        + _("You get at most one e-mail a day, when something happens."),
    )
    return redirect(_back(request, followable, target))


@require_POST
@login_required
def unfollow(request, key, pk):
    followable, target = _target(key, pk)
    if services.unfollow(by=request.user, target=target):
        messages.success(
            request,
            _("You no longer follow %(title)s.") % {"title": followable.title_of(target)},
        )
    return redirect(_back(request, followable, target))


def _address_key(group, request):
    email = (request.POST.get("email") or "").strip().lower()
    return hashlib.sha256(email.encode()).hexdigest()


@require_POST
def email(request, key, pk):
    """Follow by e-mail: send the link to confirm. Nothing is stored (services.ask_by_email)."""
    followable, target = _target(key, pk)
    form = EmailFollowForm(request.POST)
    status = 400
    if form.is_valid():
        limited = is_ratelimited(
            request, group=EMAIL_RATE_GROUP, key="ip", rate=EMAIL_RATE, increment=True
        ) or is_ratelimited(
            request,
            group=EMAIL_RATE_GROUP + ".address",
            key=_address_key,
            rate=ADDRESS_RATE,
            increment=True,
        )
        if limited:
            status = 429
            form.add_error(
                None,
                _("Many links have been asked for in a short time. Wait a while and try again."),
            )
        else:
            try:
                services.ask_by_email(email=form.cleaned_data["email"], target=target)
            except FORM_ERRORS as error:
                add_domain_error(form, error)
            except NotAllowed as error:
                form.add_error(None, str(error))
                status = 403
    if form.is_valid():
        return redirect("following:email_sent", key=key, pk=pk)
    return render(
        request,
        "following/email_form.html",
        {
            "form": form,
            "title": followable.title_of(target),
            "key": key,
            "pk": pk,
            "back": followable.path_of(target),
        },
        status=status,
    )


@require_GET
def email_sent(request, key, pk):
    followable, target = _target(key, pk)
    return render(
        request,
        "following/email_sent.html",
        {
            "title": followable.title_of(target),
            "back": followable.path_of(target),
            "days": tokens.CONFIRM_DAYS,
        },
    )


def _bad_link(request, problem: str, status: int = 400):
    return render(request, "following/bad_link.html", {"problem": problem}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """The link of the confirmation e-mail. GET shows a button (mail programs open links to
    check them; that must not follow anything); its POST writes the follow."""
    try:
        email, key, pk = tokens.read_confirm(token)
        followable = registry.by_key(key)
    except tokens.TokenExpired:
        return _bad_link(request, "confirm_expired")
    except (tokens.TokenInvalid, DomainError):
        return _bad_link(request, "invalid")
    target = followable.load(pk)
    if target is None:
        return _bad_link(request, "gone", status=404)
    if request.method == "GET":
        return render(
            request,
            "following/confirm.html",
            {"title": followable.title_of(target), "email": email, "token": token},
        )
    try:
        confirmed = services.confirm_email(token=token)
    except tokens.TokenExpired:
        return _bad_link(request, "confirm_expired")
    except tokens.TokenInvalid:
        return _bad_link(request, "invalid")
    except DomainError as error:
        return render(
            request,
            "following/bad_link.html",
            {"problem": "other", "message": str(error)},
            status=409,
        )
    return render(
        request,
        "following/confirmed.html",
        {
            "title": followable.title_of(target),
            "url": followable.path_of(target),
            "created": confirmed.created,
            "email": email,
        },
    )


@never_cache
@csrf_exempt  # the mail program's one-click POST (RFC 8058) has no CSRF token: the link is
# the credential, signed and about one recipient's mail only.
@require_http_methods(["GET", "POST"])
def stop(request, token):
    """The "stop" links of a digest: GET asks (a button), POST stops."""
    try:
        what = tokens.read_stop(token)
    except tokens.TokenExpired:
        return _bad_link(request, "stop_expired")
    except tokens.TokenInvalid:
        return _bad_link(request, "invalid")
    if request.method == "GET":
        title = ""
        exists = True
        if not what.everything:
            found = Follow.objects.select_related("target_type").filter(pk=what.follow_id).first()
            exists = found is not None
            title = services.describe(found) if found else ""
        return render(
            request,
            "following/stop.html",
            {"what": what, "title": title, "exists": exists, "token": token},
        )
    stopped = services.stop(token=token)
    return render(request, "following/stopped.html", {"stopped": stopped})


@login_required
@require_GET
def mine(request):
    """What the signed-in person follows, each with a button to stop."""
    follows = list(Follow.objects.filter(user=request.user).select_related("target_type"))
    rows = []
    for follow_row in follows:
        followable = registry.for_content_type(follow_row.target_type)
        target = followable.load(follow_row.target_id) if followable else None
        if target is None:
            continue
        rows.append(
            {
                "title": followable.title_of(target),
                "url": followable.path_of(target),
                "label": followable.label,
                "key": followable.key,
                "pk": target.pk,
                "public": followable.is_public(target),
            }
        )
    return render(
        request,
        "following/mine.html",
        {"rows": rows, "here": reverse("following:mine"), "site_name": settings.SITE_NAME},
    )
