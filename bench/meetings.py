"""Server time and SQL queries of the meeting calendar (issue 14, "Tests and measurements").

Seeds meetings spread over two years around today (every kind, eight areas, some cancelled,
registrations on a tenth of them), then requests the calendar's pages through Django's test
client (in process: the server's own time, no network) and prints median and p95 in ms and the
number of SQL queries, first with N/10 meetings, then with N (default 2 000). The query count
must not grow with the number of meetings. Goal (issue 14): under 50 ms median.

The list and month pages keep their rendered list of meetings for two minutes under a key that
changes with any change to a meeting (meetings/views.py `_fragment`); the "uncached" rows clear
the cache before every request: what the first reader after a change waits for. The feed is
kept five minutes.

    .venv/bin/python bench/meetings.py [--meetings 2000] [--requests 30]

Issue 14's other figures live in their own files, beside this one: the association register's
search (bench/associations.py, 500 associations) and an open forum's thread (bench/forums.py,
10 000 posts), each printing the same table.

Uses a fresh SQLite file in bench/out/ unless DATABASE_URL names another database.
"""

import argparse
import os
import random
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import measure, setup_django

GOAL_MS = 50
KINDS = ["open", "cafe", "focus_group", "workshop", "digital", "district"]
GROUPS = ["everyone", "young", "parents", "older", "associations", "businesses"]


def seed(n: int, start_index: int, rng: random.Random, districts: list) -> None:
    """`n` more published meetings, bulk-inserted, and registrations on one in ten."""
    from django.utils import timezone

    from delaktig.meetings.models import Meeting, Registration

    now = timezone.now().replace(second=0, microsecond=0)
    meetings = []
    for i in range(start_index, start_index + n):
        starts = now + timedelta(days=rng.randint(-365, 365), hours=rng.randint(-6, 6))
        meetings.append(
            Meeting(
                title=f"Möte {i}: samtal om {rng.choice(['skolan', 'vägarna', 'badet', 'parken'])}",
                slug=f"mote-{i}",
                kind=rng.choice(KINDS),
                description="Välkommen att tycka till. " * 5,
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                place="Folkets hus",
                address="Torget 1",
                step_free=True,
                target_group=rng.choice(GROUPS),
                district_id=rng.choice(districts),
                capacity=30,
                status="cancelled" if rng.random() < 0.05 else "published",
            )
        )
    made = Meeting.objects.bulk_create(meetings, batch_size=500)
    registrations = [
        Registration(
            meeting=m, name=f"Person {j}", email=f"p{m.pk}-{j}@example.se", status="registered"
        )
        for m in made
        if rng.random() < 0.1
        for j in range(20)
    ]
    Registration.objects.bulk_create(registrations, batch_size=1000)


def pages(districts) -> dict:
    from django.urls import reverse
    from django.utils import timezone

    from delaktig.meetings.models import Meeting

    today = timezone.localdate()
    month = reverse("meetings:month", kwargs={"year": today.year, "month": today.month})
    one = Meeting.objects.filter(status="published").order_by("pk").first()
    calendar = reverse("meetings:calendar")
    return {
        "list": calendar,
        "list, page 3": f"{calendar}?sida=3",
        "list, filtered": f"{calendar}?omrade={districts[0]}&typ=cafe",
        "past": f"{calendar}?nar=tidigare",
        "month": month,
        "month, filtered": f"{month}?for_vem=parents",
        "meeting page": reverse("meetings:detail", kwargs={"slug": one.slug}),
        "iCalendar feed": reverse("meetings:feed"),
    }


def measure_cold(client, url, n):
    """As pages.measure, with the cache cleared before every request, the query count too."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    median, p95, _warm = measure(client, url, n, cold=True)
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return median, p95, len(ctx.captured_queries)


COLD = {"list, uncached": "list", "month, uncached": "month", "feed, uncached": "iCalendar feed"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--meetings", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    setup_django("meetings")
    import warnings

    from django.test import Client

    from delaktig.accounts.models import District

    warnings.filterwarnings("ignore", message="No directory at")
    rng = random.Random(14)
    districts = [District.objects.create(name=f"Område {i}").pk for i in range(8)] + [None]
    client = Client()
    small_n = max(20, args.meetings // 10)
    seed(small_n, 0, rng, districts)
    small = {}
    urls = pages(districts)
    for name, url in urls.items():
        small[name] = measure(client, url, args.requests)
    for name, base in COLD.items():
        small[name] = measure_cold(client, urls[base], args.requests)
    seed(args.meetings - small_n, small_n, rng, districts)
    print(
        f"{'page':16} {small_n:>5} meetings: {'median':>7} {'p95':>6} {'queries':>7}"
        f" | {args.meetings:>5} meetings: {'median':>7} {'p95':>6} {'queries':>7}"
        f"  goal {GOAL_MS} ms"
    )
    worst = 0.0
    same = True
    urls = pages(districts)
    for name in [*urls, *COLD]:
        url = urls[COLD[name]] if name in COLD else urls[name]
        if name in COLD:
            median, p95, queries = measure_cold(client, url, args.requests)
        else:
            median, p95, queries = measure(client, url, args.requests)
        s_median, s_p95, s_queries = small[name]
        same = same and queries == s_queries
        if name not in COLD:
            worst = max(worst, median)
        print(
            f"{name:16} {'':>15} {s_median:7.1f} {s_p95:6.1f} {s_queries:7d}"
            f" | {'':>15} {median:7.1f} {p95:6.1f} {queries:7d}"
        )
    load = os.getloadavg()[0]
    print(f"load average {load:.1f} on {os.cpu_count()} cores while measuring")
    verdict = "met" if worst < GOAL_MS else "MISSED"
    print(
        f"slowest median {worst:.1f} ms (goal {GOAL_MS} ms): {verdict}; "
        f"query counts {'independent of' if same else 'GROW WITH'} the number of meetings"
    )


if __name__ == "__main__":
    main()
