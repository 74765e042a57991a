"""Server time and SQL queries of a dialogue's forum (issue 14).

Seeds a dialogue open for views with a forum thread of N posts (default 10 000: a fifth of them
top-level, each with four replies; a few hidden, some with phone numbers to mask, a pinned
municipality answer), inserted in batches, then requests the thread's first, middle and last
page and the list of threads at least R times through Django's test client (in process: the
server's own time, no network), signed in as a resident who may write, and prints median and p95
in ms, the median CPU time of the process (what a shared, busy machine does not inflate) and the
number of SQL queries. The same pages of a thread with N/10 posts are measured for
the query count: it must not grow with the number of posts. Goal (issue 14): 50 ms median.

    .venv/bin/python bench/forums.py [--posts 10000] [--requests 50]

Uses a fresh SQLite file in bench/out/ unless DATABASE_URL names another database.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import setup_django

GOAL_MS = 50
REPLIES = 4  # replies under each top-level post
BATCH = 2000


def seed(n_posts: int, rng: random.Random, label: str):
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from delaktig.accounts.models import User
    from delaktig.forums.models import Forum, Post, PostStatus, Thread
    from delaktig.processes.models import BudgetRound
    from delaktig.processes.timeline import move_to

    password = make_password("bench")
    official = User.objects.create(
        email=f"official-{label}@bench.se", password=password, is_official=True
    )
    process = BudgetRound.objects.create(
        slug=f"forum-{label}",
        name=f"Forum {label}",
        kind="dialogue",
        audience="citizen",
        summary="Bench",
        total_budget=None,
        eligibility="signed_in",
        status="published",
        published_at=timezone.now(),
    )
    process.officials.add(official)
    move_to(process, "consult")
    thread = Thread.objects.create(
        forum=Forum.objects.create(process=process),
        title="Vad skulle göra att du litar mer på kommunens beslut?",
        question="Ge gärna exempel från din vardag.",
        created_by=official,
    )
    authors = User.objects.bulk_create(
        User(email=f"writer{i}-{label}@bench.se", password=password, full_name=f"Skribent {i}")
        for i in range(200)
    )
    now = timezone.now()

    def post(parent=None):
        hidden = rng.random() < 0.01
        phone = rng.random() < 0.05
        body = "Jag tycker att kommunen borde berätta mer om vad som händer efter beslut. " * 3
        if phone:
            body += "Ring mig på 070-123 45 67."
        return Post(
            thread=thread,
            parent=parent,
            author=rng.choice(authors),
            body=body,
            status=PostStatus.HIDDEN if hidden else PostStatus.VISIBLE,
            hidden_reason="Bryter mot reglerna." if hidden else "",
            shown_at=now,
        )

    n_top = max(1, n_posts // (REPLIES + 1))
    tops = []
    for start in range(0, n_top, BATCH):
        tops += Post.objects.bulk_create(post() for _ in range(min(BATCH, n_top - start)))
    replies = [post(parent=top) for top in tops for _ in range(REPLIES)]
    Post.objects.bulk_create(replies, batch_size=BATCH)
    answer = Post.objects.create(
        thread=thread,
        author=official,
        by_municipality=True,
        body="Tack! Vi publicerar status för varje beslut från januari.",
        shown_at=now,
    )
    thread.pinned = answer
    thread.save(update_fields=["pinned"])
    return process, thread, n_top + 1


def pages(process, thread, n_top):
    from django.urls import reverse

    from delaktig.forums.queries import PER_PAGE

    url = reverse("forums:thread", args=[process.slug, thread.pk])
    last = (n_top + PER_PAGE - 1) // PER_PAGE
    return {
        "thread page 1": url,
        "thread middle": f"{url}?sida={max(1, last // 2)}",
        "thread last": f"{url}?sida={last}",
        "thread list": reverse("forums:threads", args=[process.slug]),
        # For comparison on the same machine: the dialogue's own page, which holds no posts.
        "dialogue page": reverse("processes:round_detail", args=[process.slug]),
    }


def measure(client, url, n):
    """(median ms, p95 ms, median CPU ms, queries): wall time as pages.measure, and the
    process's own CPU time, which other programs on a shared machine do not inflate."""
    import statistics

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    queries = len(ctx.captured_queries)
    wall, cpu = [], []
    for _ in range(n):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    wall.sort()
    return (
        statistics.median(wall),
        wall[int(0.95 * (len(wall) - 1))],
        statistics.median(cpu),
        queries,
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    setup_django("forums")
    import warnings

    from django.test import Client

    from delaktig.accounts.models import User
    from delaktig.forums.models import Post

    warnings.filterwarnings("ignore", message="No directory at")
    rng = random.Random(14)
    start = time.perf_counter()
    big = seed(args.posts, rng, "big")
    small = seed(max(10, args.posts // 10), rng, "small")
    counts = [Post.objects.filter(thread=t).count() for _p, t, _n in (big, small)]
    print(
        f"seeded in {time.perf_counter() - start:.1f} s "
        f"({counts[0]} posts in the big thread, {counts[1]} in the small one)"
    )
    client = Client()
    client.force_login(User.objects.create(email="bench-resident@bench.se"))
    small_queries = {name: measure(client, url, 3)[3] for name, url in pages(*small).items()}
    print(
        f"{'page':15} {'median ms':>10} {'p95 ms':>8} {'CPU ms':>7} {'queries':>8} "
        f"{'queries/10':>11}  goal"
    )
    for name, url in pages(*big).items():
        median, p95, cpu, queries = measure(client, url, args.requests)
        same = queries == small_queries[name]
        verdict = "ok" if median < GOAL_MS and same else "MISSED"
        if verdict == "MISSED" and same and cpu < GOAL_MS:
            verdict = "CPU ok, wall time waited for other programs"
        print(
            f"{name:15} {median:10.1f} {p95:8.1f} {cpu:7.1f} {queries:8d} "
            f"{small_queries[name]:11d}  {verdict}"
        )
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
