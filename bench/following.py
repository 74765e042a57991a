"""Following (issue 13): what a change costs the official while 20 000 people follow the round,
and the daily digest that tells them, in bounded memory.

1. A status change: one request-like transaction that changes a proposal and writes its event
   (`following.services.record`), R times, with F followers of the round and with none. The
   followers are not touched by the request (one insert, whatever F is): goal under 200 ms.
2. The daily digest (`following.digest.send_digests`) for F followers (half accounts, half
   e-mail addresses), each told the day's events in one message: time, messages per second, and
   the peak of Python's memory (tracemalloc) for F/4 and F followers: it must not grow with F.

The e-mail backend is Django's locmem backend, except that it forgets each message once sent
(it counts them, after rendering each to its bytes): keeping 20 000 messages in a list would
measure the list, not the digest.

    .venv/bin/python bench/following.py [--followers 20000] [--requests 50]

Uses a fresh SQLite file in bench/out/ unless DATABASE_URL names another database.
"""

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import setup_django

GOAL_MS = 200
BATCH = 2000


class _Counting:
    sent = 0


def counting_backend():
    from django.core.mail.backends.locmem import EmailBackend

    class Backend(EmailBackend):
        def send_messages(self, messages):
            for message in messages:
                message.message().as_bytes()  # render it as the real backend would
                _Counting.sent += 1
            return len(messages)

    return Backend


def make_round(label: str, n_followers: int):
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from delaktig.accounts.models import User
    from delaktig.following.models import Follow
    from delaktig.processes.models import BudgetRound
    from delaktig.proposals.models import Proposal

    budget_round = BudgetRound.objects.create(
        slug=f"bench-{label}",
        name=f"Medborgarbudget {label}",
        audience="citizen",
        summary="Bench",
        total_budget=1_000_000,
        status="published",
        published_at=timezone.now(),
    )
    proposal = Proposal.objects.create(
        budget_round=budget_round,
        title=f"Lekplats {label}",
        description="Bench",
        estimated_cost=50_000,
    )
    kind = ContentType.objects.get_for_model(BudgetRound)
    accounts = n_followers // 2
    for start in range(0, accounts, BATCH):
        users = User.objects.bulk_create(
            User(email=f"{label}-{n}@bench.se", password="!")
            for n in range(start, min(start + BATCH, accounts))
        )
        Follow.objects.bulk_create(
            Follow(
                user=u,
                target_type=kind,
                target_id=budget_round.pk,
                process=budget_round,
                confirmed=True,
            )
            for u in users
        )
    for start in range(accounts, n_followers, BATCH):
        Follow.objects.bulk_create(
            Follow(
                email=f"{label}-{n}@adress.se",
                target_type=kind,
                target_id=budget_round.pk,
                process=budget_round,
                confirmed=True,
            )
            for n in range(start, min(start + BATCH, n_followers))
        )
    return budget_round, proposal


def status_change(budget_round, proposal, requests: int) -> list[float]:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from delaktig.following import services

    times = []
    for n in range(requests):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            with transaction.atomic():
                proposal.title = f"Lekplats, ändrad {n}"
                proposal.save(update_fields=["title", "updated_at"])
                services.record(
                    proposal,
                    "proposal.feasible",
                    title=proposal.title,
                    summary="Går att genomföra.",
                    path=proposal.get_absolute_url(),
                    process=budget_round,
                )
            times.append((time.perf_counter() - start) * 1000)
    return times, len(queries.captured_queries)


def digest_run(now):
    from delaktig.following import digest

    _Counting.sent = 0
    tracemalloc.start()
    start = time.perf_counter()
    counts = digest.send_digests(now=now)
    seconds = time.perf_counter() - start
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return counts, seconds, peak / 1024 / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--followers", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    setup_django("following")
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    from delaktig.following.models import Event, Follow

    settings.EMAIL_BACKEND = f"{__name__}.Backend"
    sys.modules[__name__].Backend = counting_backend()

    print(f"Following: {args.followers} followers of one round (half by account, half by e-mail)")
    small = args.followers // 4
    seeded = time.perf_counter()
    rounds = {
        "none": make_round("none", 0),
        "small": make_round("small", small),
        "big": make_round("big", args.followers),
    }
    print(f"  seeded in {time.perf_counter() - seeded:.1f} s")

    print(f"\n1. A status change and its event, {args.requests} times (goal < {GOAL_MS} ms)")
    status_change(*rounds["none"], 5)  # warm up (content types, connection)
    for label, n in (("none", 0), ("big", args.followers)):
        times, queries = status_change(*rounds[label], args.requests)
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        print(
            f"  {n:>6} followers: median {statistics.median(times):6.2f} ms, p95 {p95:6.2f} ms, "
            f"max {times[-1]:6.2f} ms, {queries} queries"
        )

    print("\n2. The daily digest (every follower has the day's events)")
    now = timezone.now() + timedelta(minutes=10)
    # Only one round at a time has news: the others' followers have nothing and are not sent.
    from delaktig.following import services

    for label, n in (("small", small), ("big", args.followers)):
        Event.objects.all().delete()
        budget_round, proposal = rounds[label]
        for kind in ("proposal.published", "proposal.feasible"):
            services.record(proposal, kind, title=proposal.title, path="/", process=budget_round)
        services.record(
            budget_round,
            "result.published",
            title=budget_round.name,
            path="/",
            process=budget_round,
        )
        Follow.objects.update(last_sent_at=None)
        counts, seconds, peak = digest_run(now)
        print(
            f"  {n:>6} followers: {counts['sent']} sent ({_Counting.sent} messages), "
            f"{counts['nothing']} had nothing, in {seconds:.1f} s "
            f"({counts['sent'] / seconds:.0f} a second); peak Python memory {peak:.1f} MB"
        )
        now += timedelta(days=1)
    counts, seconds, _peak = digest_run(now - timedelta(days=1))
    print(f"  run again the same day: {counts['sent']} sent, {counts['already']} already told")


if __name__ == "__main__":
    main()
