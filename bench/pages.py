"""Server time and SQL queries of the main pages of a large round.

Seeds a round with N proposals (default 1 000) in one ballot box and M ballots (default 20 000),
counted and published, then requests each page at least 50 times through Django's test client
(in process: the server's own time, no network) and prints median and p95 in ms and the number
of SQL queries. The same pages of a round ten times smaller are measured for the query count:
it must not grow with the number of proposals. Reference: the goal of issue 3, 50 ms median.

    .venv/bin/python bench/pages.py [--proposals 1000] [--ballots 20000] [--requests 50]

Uses a fresh SQLite file in bench/out/ unless DATABASE_URL names another database.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"


def setup_django(name: str = "pages"):
    """Django with the test settings on a fresh SQLite file bench/out/<name>.sqlite3 (unless
    DATABASE_URL names another database), migrated. Other benchmarks use it too."""
    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / f"{name}.sqlite3"
    if "DATABASE_URL" not in os.environ:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def seed(n_proposals: int, n_ballots: int, rng: random.Random, label: str):
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from delaktig.accounts.models import User
    from delaktig.assessments.models import Assessment
    from delaktig.processes.models import BudgetRound
    from delaktig.processes.timeline import move_to
    from delaktig.proposals.models import Proposal
    from delaktig.results import services as results
    from delaktig.voting.models import Ballot, BallotBox, BallotChoice, Participation

    password = make_password("bench")
    official = User.objects.create(
        email=f"official-{label}@bench.se", password=password, is_official=True
    )
    budget_round = BudgetRound.objects.create(
        slug=f"bench-{label}",
        name=f"Bench {label}",
        audience="citizen",
        summary="Bench",
        total_budget=n_proposals * 20_000,
        status="published",
        published_at=timezone.now(),
    )
    move_to(budget_round, "propose")
    authors = User.objects.bulk_create(
        User(email=f"author{i}-{label}@bench.se", password=password, full_name=f"Author {i}")
        for i in range(50)
    )
    proposals = Proposal.objects.bulk_create(
        Proposal(
            budget_round=budget_round,
            author=authors[i % 50],
            title=f"Förslag nummer {i}",
            description="En beskrivning av förslaget. " * 10,
            estimated_cost=rng.randrange(10_000, 200_000, 1000),
        )
        for i in range(n_proposals)
    )
    Assessment.objects.bulk_create(
        Assessment(
            proposal=p,
            verdict="feasible",
            reason="Går att genomföra.",
            official_cost=p.estimated_cost,
            published_at=timezone.now(),
        )
        for p in proposals
    )
    box = BallotBox.objects.create(
        budget_round=budget_round,
        kind="approval",
        min_choices=1,
        max_choices=5,
        counting_rule="mes",
        completion="add1",
    )
    box.proposals.set(proposals)
    voters = User.objects.bulk_create(
        (User(email=f"voter{i}-{label}@bench.se", password=password) for i in range(n_ballots)),
        batch_size=2000,
    )
    Participation.objects.bulk_create(
        (Participation(box=box, voter=v) for v in voters), batch_size=2000
    )
    ballots = Ballot.objects.bulk_create(
        (Ballot(box=box) for _ in range(n_ballots)), batch_size=2000
    )
    weights = [rng.random() ** 3 for _ in proposals]
    choices = []
    for ballot in ballots:
        picked = {p.pk for p in rng.choices(proposals, weights=weights, k=rng.randint(1, 5))}
        choices.extend(BallotChoice(ballot=ballot, proposal_id=pk, value=1) for pk in picked)
    BallotChoice.objects.bulk_create(choices, batch_size=5000)
    move_to(budget_round, "result")
    results.run_tally(by=official, box=box)
    results.publish_result(by=official, budget_round=budget_round)
    # Measure in the voting phase, the busiest: the voting page shows the live ballot; the
    # published result of the same ballots stays readable.
    move_to(budget_round, "vote")
    return budget_round, box, proposals[n_proposals // 2], voters[0]


def pages(budget_round, box, proposal):
    from django.urls import reverse

    slug = budget_round.slug
    return {
        "round page": reverse("processes:round_detail", args=[slug]),
        "proposal list": reverse("proposals:list", args=[slug]),
        "proposal page": reverse("proposals:detail", args=[slug, proposal.pk]),
        "voting page": reverse("voting:box", args=[slug, box.pk]),
        "results page": reverse("results:detail", args=[slug]),
    }


def measure(client, url, n, *, cold=False):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    connection.queries_log.clear()  # a full log (9 000 entries) would hide new queries
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    queries = len(ctx.captured_queries)  # read now: every request clears the log
    times = []
    from django.core.cache import cache

    for _ in range(n):
        if cold:
            cache.clear()
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))], queries


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--proposals", type=int, default=1000)
    parser.add_argument("--ballots", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    setup_django()
    import warnings

    from django.test import Client

    warnings.filterwarnings("ignore", message="No directory at")

    rng = random.Random(7)
    start = time.perf_counter()
    big = seed(args.proposals, args.ballots, rng, "big")
    small = seed(max(2, args.proposals // 10), max(10, args.ballots // 10), rng, "small")
    print(
        f"seeded in {time.perf_counter() - start:.1f} s "
        f"({args.proposals} proposals, {args.ballots} ballots; small round /10)"
    )
    from delaktig.accounts.models import User
    from delaktig.voting.services import casting

    # A voter who has voted in both rounds: the voting page shows the ballot with their choices,
    # and both rounds are measured in the same state.
    voter = User.objects.create(email="bench-voter@bench.se")
    for _round, box, proposal, _voter in (big, small):
        casting.cast_ballot(by=voter, box=box, choices=[proposal.pk])
    client = Client()
    client.force_login(voter)
    small_queries = {name: measure(client, url, 3)[2] for name, url in pages(*small[:3]).items()}
    print(f"{'page':15} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'queries/10':>11}  goal")
    for name, url in pages(*big[:3]).items():
        median, p95, queries = measure(client, url, args.requests)
        verdict = "ok" if median < 50 and queries == small_queries[name] else "MISSED"
        print(
            f"{name:15} {median:10.1f} {p95:8.1f} {queries:8d} {small_queries[name]:11d}  {verdict}"
        )
        if name == "results page":  # a published result is cached; this is its first view
            median, p95, _queries = measure(client, url, max(10, args.requests // 5), cold=True)
            print(f"{'  uncached':15} {median:10.1f} {p95:8.1f}  (first view after publishing)")


if __name__ == "__main__":
    main()
