"""Server time and SQL queries of the follow-up pages of a large round (issue 13).

Seeds a round with N projects (default 300) and M published progress updates (default
5 000, each third with a photo), its decision published, then requests the follow-up
overview and the page of the project with the most updates at least 50 times through
Django's test client (in process: the server's own time) and prints median and p95 in ms and
the number of SQL queries. A round ten times smaller is measured for the query count: it must
not grow with the number of projects or updates. Goal: under 50 ms median.

    .venv/bin/python bench/followup.py [--projects 300] [--updates 5000] [--requests 50]

Uses a fresh SQLite file in bench/out/ unless DATABASE_URL names another database.
"""

import argparse
import datetime
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import measure, setup_django


def seed(n_projects: int, n_updates: int, rng: random.Random, label: str):
    from django.utils import timezone

    from delaktig.accounts.models import User
    from delaktig.followup.models import (
        Decision,
        Project,
        ProjectStatus,
        ProjectUpdate,
        StatusChange,
        UpdatePhoto,
    )
    from delaktig.processes.models import Area, BudgetRound
    from delaktig.processes.timeline import move_to
    from delaktig.proposals.models import Proposal

    now = timezone.now()
    official = User.objects.create(email=f"official-{label}@bench.se", is_official=True)
    budget_round = BudgetRound.objects.create(
        slug=f"bench-followup-{label}",
        name=f"Bench {label}",
        audience="citizen",
        summary="Bench",
        total_budget=n_projects * 50_000,
        status="published",
        published_at=now,
        result_published_at=now,
    )
    areas = Area.objects.bulk_create(
        Area(budget_round=budget_round, name=f"Område {i}", budget=1_000_000, position=i)
        for i in range(8)
    )
    move_to(budget_round, "follow_up")
    proposals = Proposal.objects.bulk_create(
        Proposal(
            budget_round=budget_round,
            area=areas[i % 8],
            author=official,
            title=f"Förslag {i}",
            description="Beskrivning " * 20,
            estimated_cost=rng.randrange(10_000, 200_000, 1000),
        )
        for i in range(n_projects)
    )
    decision = Decision.objects.create(
        budget_round=budget_round,
        decided_on=datetime.date(2026, 1, 15),
        body="Kommunstyrelsen",
        reference="KS 2026/1",
        published_at=now,
    )
    decision.funded.set(proposals)
    statuses = [s for s, _label in ProjectStatus.choices]
    projects = Project.objects.bulk_create(
        Project(
            budget_round=budget_round,
            proposal=p,
            title=p.title,
            description="Projektets **beskrivning**.",
            budgeted_cost=p.estimated_cost,
            actual_cost=p.estimated_cost // 2,
            progress=rng.randint(0, 100),
            status=statuses[i % len(statuses)],
            status_reason="Skäl."
            if statuses[i % len(statuses)] in ("delayed", "cancelled")
            else "",
            planned_start=datetime.date(2026, 2, 1),
            planned_end=datetime.date(2026, 9, 1),
        )
        for i, p in enumerate(proposals)
    )
    StatusChange.objects.bulk_create(
        StatusChange(project=p, status=p.status, changed_at=now, changed_by=official)
        for p in projects
    )
    # The first project gets a tenth of the updates (the page measured), the rest share them.
    owners = [projects[0]] * (n_updates // 10) + [
        projects[rng.randrange(len(projects))] for _ in range(n_updates - n_updates // 10)
    ]
    updates = ProjectUpdate.objects.bulk_create(
        (
            ProjectUpdate(
                project=project,
                title=f"Uppdatering {i}",
                body="Det här har hänt: **mycket**.\n\n- en sak\n- en annan",
                dated=datetime.date(2026, 3, 1) + datetime.timedelta(days=i % 200),
                author=official,
                published_at=now,
            )
            for i, project in enumerate(owners)
        ),
        batch_size=2000,
    )
    UpdatePhoto.objects.bulk_create(
        (
            UpdatePhoto(update=u, image=f"followup/photos/bench{u.pk}.jpg", alt="Foto")
            for u in updates[::3]
        ),
        batch_size=2000,
    )
    return budget_round, projects[0]


def urls(budget_round, project):
    from django.urls import reverse

    return {
        "overview": reverse("followup:overview", args=[budget_round.slug]),
        "project page": reverse("followup:project", args=[budget_round.slug, project.pk]),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=300)
    parser.add_argument("--updates", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    setup_django("followup")
    from django.test import Client

    rng = random.Random(13)
    start = time.perf_counter()
    big = seed(args.projects, args.updates, rng, "big")
    small = seed(max(3, args.projects // 10), max(10, args.updates // 10), rng, "small")
    print(
        f"seeded in {time.perf_counter() - start:.1f} s ({args.projects} projects, "
        f"{args.updates} updates; small round /10)"
    )
    client = Client()
    small_queries = {name: measure(client, url, 3)[2] for name, url in urls(*small).items()}
    print(f"{'page':13} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'queries/10':>11}  goal")
    for name, url in urls(*big).items():
        median, p95, queries = measure(client, url, args.requests)
        verdict = "ok" if median < 50 and queries == small_queries[name] else "MISSED"
        print(
            f"{name:13} {median:10.1f} {p95:8.1f} {queries:8d} {small_queries[name]:11d}  {verdict}"
        )
        # The rendered section is cached until something changes; this is its first view.
        median, p95, _queries = measure(client, url, max(10, args.requests // 5), cold=True)
        print(f"{'  uncached':13} {median:10.1f} {p95:8.1f}  (first view after a change)")


if __name__ == "__main__":
    main()
