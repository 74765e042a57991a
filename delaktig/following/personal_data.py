"""What following keeps about people, and how it forgets them (the privacy app's contract).

An account's follows go with the account, and so do follows left by e-mail with the account's
own address (the same person). Follows left by e-mail without an account go with the retention
purge of their round once nothing has happened in it for EMAIL_QUIET_DAYS (the follow-up ended:
there is nothing more to tell), or earlier when the person stops them from an e-mail.
Events are public facts and stay; the person already told of one (`told_user`) is emptied.
"""

from datetime import datetime, timedelta

from django.db import transaction

from . import registry
from .models import Event, Follow

USER_FIELDS = ("following.Follow.user", "following.Event.told_user")

EMAIL_QUIET_DAYS = 365


def forget_users(*, users) -> dict[str, int]:
    emails = [u.email.lower() for u in users if u.email]
    with transaction.atomic():
        _n, per = Follow.objects.filter(user__in=users).delete()
        by_account = per.get(Follow._meta.label, 0)
        _n, per = Follow.objects.filter(user__isnull=True, email__in=emails).delete()
        by_email = per.get(Follow._meta.label, 0)
        Event.objects.filter(told_user__in=users).update(told_user=None)
    return {"follows": by_account + by_email}


def forget_user(*, user) -> dict[str, int]:
    return forget_users(users=[user])


def purge(*, process, cutoff: datetime, dry_run: bool = False) -> dict[str, int]:
    """The follows left by e-mail for the round (`process`, or anything in it), once the round
    has been quiet for EMAIL_QUIET_DAYS before `cutoff`: its follow-up is over."""
    quiet_since = cutoff - timedelta(days=EMAIL_QUIET_DAYS)
    if Event.objects.filter(process=process, happened_at__gt=quiet_since).exists():
        return {"follows_by_email": 0}
    follows = Follow.objects.filter(process=process, user__isnull=True)
    if dry_run:
        return {"follows_by_email": follows.count()}
    _n, per = follows.delete()
    return {"follows_by_email": per.get(Follow._meta.label, 0)}


def export_user(*, user) -> dict[str, list]:
    """What the person follows, with the account or with its address."""
    follows = Follow.objects.filter(user=user).select_related("target_type")
    by_email = Follow.objects.filter(user__isnull=True, email=user.email.lower()).select_related(
        "target_type"
    )
    rows = []
    for follow, how in [(f, "account") for f in follows] + [(f, "e-mail") for f in by_email]:
        followable = registry.for_content_type(follow.target_type)
        target = followable.load(follow.target_id) if followable else None
        rows.append(
            {
                "kind": followable.key if followable else follow.target_type.model,
                "id": follow.target_id,
                "title": followable.title_of(target) if target is not None else None,
                "by": how,
                "since": follow.created_on.isoformat(),
                "last_told": follow.last_sent_at.isoformat() if follow.last_sent_at else None,
            }
        )
    return {"follows": rows}
