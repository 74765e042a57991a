"""Every write of following: events (`record`, called by the apps that own the things), a
follow by account, a follow by e-mail (asked, then confirmed by a signed link), stopping.

Following is a resident's own choice about their own mail, not an official's act: it is not in
the audit log. An e-mail follow in particular leaves no trace but its own row (no log line, no
queued task holding the address and the moment, no time of day), so that nothing joins it to
the ballot or the answer given just before.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from delaktig.core.errors import Conflict, InvalidInput
from delaktig.core.permissions import require

from . import registry, tokens
from .models import Event, Follow
from .rules import has_mailbox

MAX_EMAIL = 254


def record(
    target,
    kind: str,
    *,
    title: str,
    summary: str = "",
    path: str = "",
    process=None,
    told=None,
):
    """Write one event about `target` (a model instance anyone may see), in the caller's
    transaction. `process` is the process it belongs to, so that followers of the whole round
    are told too. `told`: a person already told of it by a message of its own (left out of
    their digest). One insert, however many people follow."""
    return Event.objects.create(
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        process=process,
        kind=kind,
        title=title[:300],
        summary=summary,
        path=path[:300],
        told_user=told if told is not None and getattr(told, "pk", None) else None,
    )


def _about(target) -> dict:
    return {"target_type": ContentType.objects.get_for_model(target), "target_id": target.pk}


def _process_id(followable, target):
    process = followable.process_of(target)
    return getattr(process, "pk", None)


def is_following(user, target) -> bool:
    if not (user and user.is_authenticated):
        return False
    return Follow.objects.of(target).filter(user=user).exists()


def follow(*, by, target) -> Follow:
    """The signed-in person follows `target` (a public thing). Following twice is following."""
    require("following.follow", by, target)
    followable = registry.check_public(target)
    with transaction.atomic():
        made, _created = Follow.objects.get_or_create(
            **_about(target),
            user=by,
            defaults={"process_id": _process_id(followable, target), "confirmed": True},
        )
    return made


def follow_automatically(*, user, target) -> Follow | None:
    """The author of a proposal follows it from the start (the caller's transaction), so that
    they are told of every step. Nothing for an account no mail reaches (a voting code)."""
    if user is None or not has_mailbox(user):
        return None
    followable = registry.for_object(target)
    made, _created = Follow.objects.get_or_create(
        **_about(target),
        user=user,
        defaults={"process_id": _process_id(followable, target), "confirmed": True},
    )
    return made


def unfollow(*, by, target) -> bool:
    """Stop following with the account. True when there was a follow to stop."""
    if not (by and by.is_authenticated):
        return False
    deleted, _per = Follow.objects.of(target).filter(user=by).delete()
    return bool(deleted)


def clean_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        if len(email) > MAX_EMAIL:
            raise ValidationError("too long")
        validate_email(email)
    except ValidationError:
        raise InvalidInput(
            _("Write an e-mail address like name@example.se."), field="email"
        ) from None
    return email


def ask_by_email(*, email: str, target) -> None:
    """Send a link to confirm following `target` to `email`. Nothing is stored: the follow is
    written when the link is opened (`confirm_email`), so a mistyped or someone else's address
    is never written to again.

    The message is sent now, not through the task queue: a queued task would keep the address
    with the moment it was asked, next to the ballot or the answer given a minute before."""
    email = clean_email(email)
    followable = registry.check_public(target)
    token = tokens.confirm_token(email=email, key=followable.key, pk=target.pk)
    url = settings.SITE_URL.rstrip("/") + reverse("following:confirm", kwargs={"token": token})
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "title": followable.title_of(target),
            "url": url,
            "days": tokens.CONFIRM_DAYS,
            "site_name": settings.SITE_NAME,
        }
        subject = render_to_string("following/email/confirm_subject.txt", context)
        body = render_to_string("following/email/confirm_body.txt", context)
    message = EmailMultiAlternatives(" ".join(subject.split()), body, None, [email])
    message.send()


@dataclass(frozen=True)
class Confirmed:
    follow: Follow
    created: bool
    target: object
    followable: registry.Followable


def confirm_email(*, token: str) -> Confirmed:
    """Write the e-mail follow the link asks for. Opening the link again changes nothing.

    Raises tokens.TokenInvalid / TokenExpired for a forged or old link, and a DomainError when
    the thing has gone or is no longer public."""
    email, key, pk = tokens.read_confirm(token)
    followable = registry.by_key(key)
    target = followable.load(pk)
    if target is None:
        raise Conflict(_("What you asked to follow no longer exists."))
    registry.check_public(target)
    email = clean_email(email)
    try:
        with transaction.atomic():
            made, created = Follow.objects.get_or_create(
                **_about(target),
                user=None,
                email=email,
                defaults={
                    "process_id": _process_id(followable, target),
                    "confirmed": True,
                    "settled": False,
                },
            )
    except IntegrityError:  # the same link opened twice at once
        made, created = Follow.objects.of(target).get(user=None, email=email), False
    return Confirmed(made, created, target, followable)


@dataclass(frozen=True)
class Stopped:
    everything: bool
    count: int
    # What was followed, for the page to name (one follow), else "".
    title: str = ""


def describe(follow: Follow) -> str:
    """The title of what a follow follows, or "" when it has gone."""
    followable = registry.for_content_type(follow.target_type)
    if followable is None:
        return ""
    target = followable.load(follow.target_id)
    return followable.title_of(target) if target is not None else ""


def stop(*, token: str) -> Stopped:
    """Stop one follow, or all of a recipient's, from a signed link in an e-mail (no sign-in).
    A link used before stops nothing more and says so (count 0)."""
    what = tokens.read_stop(token)
    with transaction.atomic():
        if not what.everything:
            follow = Follow.objects.select_related("target_type").filter(pk=what.follow_id)
            found = follow.first()
            if found is None:
                return Stopped(everything=False, count=0)
            title = describe(found)
            found.delete()
            return Stopped(everything=False, count=1, title=title)
        if what.user_id:
            follows = Follow.objects.filter(user_id=what.user_id)
        else:
            follows = Follow.objects.filter(user__isnull=True, email=what.email)
        deleted, _per = follows.delete()
    return Stopped(everything=True, count=deleted)
