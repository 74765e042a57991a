"""How long sealing a ballot box takes when voting closes, and its peak Python memory.

`voting.services.sealing.seal_box` clears the locators and rewrites every ballot and choice of a box
under new random keys in random order (issue 9, docs/adr/0001-ballot-secrecy.md). It runs once
per box after the close (`manage.py seal_votes`) and again before a count if paper ballots were
added. This seeds one box with N ballots of K choices each, closes voting, and times the seal
(then the compaction outside the transaction: VACUUM FULL on PostgreSQL, a WAL checkpoint on
SQLite). Reference: the goal is that a municipality of 100 000 voters seals in well under a
minute on 2 cores.

    .venv/bin/python bench/seal.py [--ballots 100000] [--choices 3]

Uses a fresh SQLite file in bench/out/ unless DATABASE_URL names another database (an empty
PostgreSQL database: `createdb delaktig_seal`, DATABASE_URL=postgres://postgres@127.0.0.1:5432/delaktig_seal).
"""

import argparse
import sys
import time
import tracemalloc
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from pages import setup_django  # noqa: E402  (bench/ on the path first)


def seed(n_ballots: int, n_choices: int):
    from django.utils import timezone

    from delaktig.processes.models import BudgetRound
    from delaktig.processes.timeline import move_to
    from delaktig.proposals.models import Proposal
    from delaktig.voting.models import Ballot, BallotBox, BallotChoice

    label = uuid.uuid4().hex[:8]
    budget_round = BudgetRound.objects.create(
        slug=f"seal-{label}",
        name="Seal",
        audience="citizen",
        summary="Seal",
        total_budget=1_000_000,
        status="published",
        published_at=timezone.now(),
    )
    move_to(budget_round, "vote")
    proposals = Proposal.objects.bulk_create(
        Proposal(budget_round=budget_round, title=f"P{i}", description="x", estimated_cost=1000)
        for i in range(max(20, n_choices))
    )
    box = BallotBox.objects.create(budget_round=budget_round, kind="approval")
    batch = 10_000
    for start in range(0, n_ballots, batch):
        ballots = [
            Ballot(box=box, locator=uuid.uuid4().hex * 2, receipt_hash=uuid.uuid4().hex * 2)
            for _ in range(min(batch, n_ballots - start))
        ]
        Ballot.objects.bulk_create(ballots)
        BallotChoice.objects.bulk_create(
            BallotChoice(ballot=b, proposal=proposals[(i + j) % len(proposals)])
            for i, b in enumerate(ballots)
            for j in range(n_choices)
        )
    move_to(budget_round, "result")
    return box


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ballots", type=int, default=100_000)
    parser.add_argument("--choices", type=int, default=3)
    args = parser.parse_args()
    setup_django("seal")
    from django.db import connection

    from delaktig.voting.services.sealing import compact_ballot_storage, seal_box

    started = time.perf_counter()
    box = seed(args.ballots, args.choices)
    print(
        f"seeded {args.ballots} ballots x {args.choices} choices in "
        f"{time.perf_counter() - started:.1f} s ({connection.vendor})"
    )
    tracemalloc.start()
    started = time.perf_counter()
    sealed = seal_box(box=box)
    seal_s = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    started = time.perf_counter()
    compact_ballot_storage()
    compact_s = time.perf_counter() - started
    per_100k = seal_s / max(sealed, 1) * 100_000
    print(
        f"seal {connection.vendor}: {sealed} ballots in {seal_s:.2f} s "
        f"({per_100k:.1f} s per 100 000), peak Python memory {peak / 1e6:.0f} MB; "
        f"compaction {compact_s:.2f} s"
    )


if __name__ == "__main__":
    main()
