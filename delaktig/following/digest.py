"""The daily digest: one e-mail per recipient per day at most, with what happened since they
were last told (`send_digests`, run by the `send_digests` command and the task queue).

Bounded memory: recipients (an account, or an address without one) are read in chunks of
CHUNK keys in key order; each chunk loads its own follows and the events they may be told of.
Nobody is ever loaded all at once, however many follow.

At most once a day: a recipient any of whose follows was told since the start of today is left
out; after a batch of messages is sent, their follows are marked told (`last_sent_at`) in one
short transaction, so no write lock is held while mail goes out. One run at a time (a lock in
the shared cache); a second run the same day finds everyone told and sends nothing. A message
that could not be sent is not marked and goes in the next run.

The window of a follow: events after its `last_sent_at` (less SETTLE) up to now less SETTLE,
so an event whose transaction commits a moment after the digest read is told the next day;
a new follow starts at the beginning of the day it was made (only the day is kept).
"""

from __future__ import annotations

import logging
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from delaktig.audit import services as audit
from delaktig.core.storage import forget_old_rows

from . import registry, tokens
from .models import Event, Follow

LOGGER = logging.getLogger(__name__)

CHUNK = 500
SETTLE = timedelta(minutes=2)
# A message lists at most this many events; the rest are on the pages it links to.
MAX_EVENTS = 25


@dataclass
class Item:
    label: str
    title: str
    summary: str
    url: str
    happened_at: datetime


def _day_start(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def settle_new_follows(*, today) -> int:
    """Rewrite the e-mail follows confirmed before `today` and not yet settled, in random order,
    so that the storage order of the table no longer follows the order people confirmed in
    (PostgreSQL keeps rows in insertion order; SQLite keeps this table by its random key). Same
    keys and fields; only the order changes. Chunks of random keys, each shuffled."""
    settled = 0
    new = Follow.objects.filter(user__isnull=True, settled=False, created_on__lt=today)
    while True:
        with transaction.atomic():
            rows = list(new.order_by("pk")[:CHUNK].select_for_update())
            if not rows:
                break
            Follow.objects.filter(pk__in=[row.pk for row in rows]).delete()
            random.SystemRandom().shuffle(rows)
            for row in rows:
                row.settled = True
            Follow.objects.bulk_create(rows)
            settled += len(rows)
    if settled:
        forget_old_rows([Follow._meta.db_table])
    return settled


def _recipient_chunks():
    """Lists of recipient keys, CHUNK at a time: ("u", user_id) for accounts, ("e", address)
    for addresses without one. Keyset pagination: no offset, nothing held between chunks."""
    confirmed = Follow.objects.filter(confirmed=True)
    last = 0
    while True:
        ids = list(
            confirmed.filter(user_id__gt=last)
            .order_by("user_id")
            .values_list("user_id", flat=True)
            .distinct()[:CHUNK]
        )
        if not ids:
            break
        yield [("u", pk) for pk in ids]
        last = ids[-1]
    last_email = ""
    while True:
        emails = list(
            confirmed.filter(user__isnull=True, email__gt=last_email)
            .order_by("email")
            .values_list("email", flat=True)
            .distinct()[:CHUNK]
        )
        if not emails:
            break
        yield [("e", email) for email in emails]
        last_email = emails[-1]


def _since(follow: Follow) -> datetime:
    if follow.last_sent_at is not None:
        return follow.last_sent_at - SETTLE
    return _day_start(follow.created_on)


class _Targets:
    """Followed things and the things events are about, loaded per content type in bulk and
    remembered for the run (only those that events of the window or follows name)."""

    def __init__(self):
        self._cache: dict[tuple[int, int], object | None] = {}

    def load(self, pairs) -> None:
        wanted = defaultdict(set)
        for type_id, pk in pairs:
            if (type_id, pk) not in self._cache:
                wanted[type_id].add(pk)
        for type_id, pks in wanted.items():
            followable = registry.for_content_type(ContentType.objects.get_for_id(type_id))
            found = {}
            if followable is not None:
                queryset = followable.model._default_manager.filter(pk__in=pks)
                if followable.related:
                    queryset = queryset.select_related(*followable.related)
                found = {obj.pk: obj for obj in queryset}
            for pk in pks:
                obj = found.get(pk)
                self._cache[(type_id, pk)] = (
                    (followable, obj) if obj is not None and followable.is_public(obj) else None
                )

    def public(self, type_id, pk):
        """(followable, object) when it exists and is public, else None."""
        return self._cache.get((type_id, pk))


def _process_type_ids() -> set[int]:
    return {
        ContentType.objects.get_for_model(f.model).pk
        for f in registry.registered().values()
        if f.key == "process"
    }


def _events_for(follows, *, until, process_types) -> list[Event]:
    """Every event any of these follows may be told of, in one query."""
    if not follows:
        return []
    by_type = defaultdict(set)
    processes = set()
    for follow in follows:
        by_type[follow.target_type_id].add(follow.target_id)
        if follow.target_type_id in process_types:
            processes.add(follow.target_id)
    about = Q(pk__in=[])
    for type_id, ids in by_type.items():
        about |= Q(target_type_id=type_id, target_id__in=ids)
    if processes:
        about |= Q(process_id__in=processes)
    earliest = min(_since(f) for f in follows)
    return list(
        Event.objects.filter(about, happened_at__gt=earliest, happened_at__lte=until).order_by(
            "happened_at", "id"
        )
    )


def _news(follows, events, *, process_types) -> list[Event]:
    """The events of `events` these follows (one recipient's) are told of, once each."""
    chosen = {}
    for follow in follows:
        since = _since(follow)
        is_process = follow.target_type_id in process_types
        for event in events:
            if event.happened_at <= since or event.pk in chosen:
                continue
            if follow.user_id and event.told_user_id == follow.user_id:
                continue
            same = event.target_type_id == follow.target_type_id and (
                event.target_id == follow.target_id
            )
            if same or (is_process and event.process_id == follow.target_id):
                chosen[event.pk] = event
    return sorted(chosen.values(), key=lambda e: (e.happened_at, e.pk))


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path if path.startswith("/") else path


class _Items:
    """The list of events of a message, rendered once for everyone told the same events (the
    followers of one round all are): a few recent lists are kept, never all of them."""

    KEEP = 32

    def __init__(self):
        self._cache: dict[tuple[int, ...], tuple[str, str, int]] = {}

    def rendered(self, events) -> tuple[str, str, int]:
        key = tuple(e.pk for e in events)
        if key not in self._cache:
            if len(self._cache) >= self.KEEP:
                self._cache.pop(next(iter(self._cache)))
            items = [
                Item(
                    label=registry.event_label(event.kind),
                    title=event.title,
                    summary=event.summary,
                    url=_absolute(event.path),
                    happened_at=event.happened_at,
                )
                for event in events[:MAX_EVENTS]
            ]
            context = {"items": items, "more": max(0, len(events) - MAX_EVENTS)}
            self._cache[key] = (
                render_to_string("following/email/_digest_items.txt", context),
                render_to_string("following/email/_digest_items.html", context),
                len(items),
            )
        return self._cache[key]


def _message(address, follows, events, targets, *, items, connection):
    items_text, items_html, _count = items.rendered(events)
    followed = []
    for follow in follows:
        found = targets.public(follow.target_type_id, follow.target_id)
        if found is None:
            continue
        followable, obj = found
        stop = reverse("following:stop", kwargs={"token": tokens.stop_one_token(follow)})
        followed.append(
            {
                "title": followable.title_of(obj),
                "url": _absolute(followable.path_of(obj)),
                "stop_url": _absolute(stop),
            }
        )
    first = follows[0]
    stop_all = _absolute(
        reverse(
            "following:stop",
            kwargs={"token": tokens.stop_all_token(user_id=first.user_id, email=first.email)},
        )
    )
    context = {
        "items_text": items_text,
        "items_html": items_html,
        "followed": followed,
        "stop_all_url": stop_all,
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL.rstrip("/"),
        "account_url": _absolute(reverse("following:mine")) if first.user_id else "",
    }
    subject = render_to_string("following/email/digest_subject.txt", context)
    text = render_to_string("following/email/digest_body.txt", context)
    html = render_to_string("following/email/digest_body.html", context)
    message = EmailMultiAlternatives(
        " ".join(subject.split()),
        text,
        None,
        [address],
        connection=connection,
        headers={
            # RFC 2369 and RFC 8058: the mail program's own "unsubscribe" stops everything
            # with one POST to the same signed link (no sign-in, no page).
            "List-Unsubscribe": f"<{stop_all}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


LOCK = "following.digest.running"
LOCK_SECONDS = 6 * 60 * 60


def send_digests(*, now: datetime | None = None) -> dict[str, int]:
    """Send today's digests. Counts: sent, nothing (recipients with nothing new), already (told
    today), failed, settled (e-mail follows rewritten). One run at a time (a lock in the shared
    cache): a second run started meanwhile sends nothing and says so (running: 1)."""
    now = now or timezone.now()
    counts = {"sent": 0, "nothing": 0, "already": 0, "failed": 0}
    if not cache.add(LOCK, str(now), timeout=LOCK_SECONDS):
        return {**counts, "settled": 0, "running": 1}
    try:
        counts["settled"] = settle_new_follows(today=timezone.localdate(now))
        with translation.override(settings.LANGUAGE_CODE):
            _send_all(now, counts)
        if counts["sent"] or counts["failed"] or counts["settled"]:
            # The system's own act, by counts only: nobody's address, nothing per person.
            audit.record(None, "following.digests_sent", **counts)
    finally:
        cache.delete(LOCK)
    return counts


def _send_all(now, counts) -> None:
    day_start = _day_start(timezone.localdate(now))
    until = now - SETTLE
    process_types = _process_type_ids()
    targets = _Targets()
    items = _Items()
    with get_connection() as connection:
        for keys in _recipient_chunks():
            users = [k for kind, k in keys if kind == "u"]
            emails = [k for kind, k in keys if kind == "e"]
            who = Q(user_id__in=users) if users else Q(user__isnull=True, email__in=emails)
            follows = list(
                Follow.objects.filter(who, confirmed=True)
                .select_related("user")
                .order_by("created_on", "pk")
            )
            events = _events_for(follows, until=until, process_types=process_types)
            targets.load(
                [(f.target_type_id, f.target_id) for f in follows]
                + [(e.target_type_id, e.target_id) for e in events]
            )
            events = [e for e in events if targets.public(e.target_type_id, e.target_id)]
            grouped = defaultdict(list)
            for follow in follows:
                grouped[follow.user_id or follow.email].append(follow)
            batch = []
            for recipient_follows in grouped.values():
                if any(f.last_sent_at and f.last_sent_at >= day_start for f in recipient_follows):
                    counts["already"] += 1
                    continue
                news = _news(recipient_follows, events, process_types=process_types)
                if not news:
                    counts["nothing"] += 1
                    continue
                batch.append((recipient_follows, news))
                if len(batch) >= BATCH:
                    _send_batch(batch, targets, items, now, day_start, connection, counts)
                    batch = []
            _send_batch(batch, targets, items, now, day_start, connection, counts)


# Recipients sent to before their follows are marked told, in one short transaction (no write
# lock held while mail is sent). A run that dies between the two resends at most this many.
BATCH = 100


def _send_batch(batch, targets, items, now, day_start, connection, counts) -> None:
    told = []
    for follows, news in batch:
        try:
            _message(
                follows[0].address, follows, news, targets, items=items, connection=connection
            ).send()
        except Exception:  # one mailbox that fails must not stop the others' digests
            LOGGER.exception("a digest could not be sent")
            counts["failed"] += 1
            continue
        told.extend(f.pk for f in follows)
        counts["sent"] += 1
    if told:
        with transaction.atomic():
            Follow.objects.filter(pk__in=told).filter(
                Q(last_sent_at__isnull=True) | Q(last_sent_at__lt=day_start)
            ).update(last_sent_at=now)
