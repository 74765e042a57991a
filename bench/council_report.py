"""Time to make the council report (rapport till fullmäktige) of a large round: the contents
read from the database and the accessible PDF (WeasyPrint, PDF/UA-1), as the task queue makes it.

Builds, with the foundation models, a round with two areas, 300 proposals on the ballots (all
assessed, 150 per area), 1 000 ballots with their participations and age bands, a census of
20 000 people, the published result, a decision, 300 projects in every status and 5 000
published progress updates, and two effect goals with three indicators of 36 measurements
each. Then times `council.contents.contents_for` plus `council.pdf.report_pdf` several times.
Reference: the goal of issue 13, under 15 s. Prints the median, the queries, pages and size.

    .venv/bin/python bench/council_report.py [--projects 300] [--updates 5000] [--runs 3]
"""

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pages import setup_django

STATUSES = ["planned", "ongoing", "done", "delayed", "cancelled"]


def build(n_projects: int, n_updates: int, n_ballots: int, rng: random.Random):
    from django.utils import timezone

    from delaktig.accounts.models import User
    from delaktig.assessments.models import Assessment
    from delaktig.eligibility.age_bands import AgeBand
    from delaktig.eligibility.checks import age_cutoff
    from delaktig.eligibility.models import CensusEntry, RoundEligibility
    from delaktig.followup.models import Decision, Project, ProjectUpdate
    from delaktig.goals.models import Goal, Indicator, Measurement
    from delaktig.processes.models import Area, BudgetRound
    from delaktig.processes.timeline import move_to
    from delaktig.proposals.models import Proposal
    from delaktig.results import services as results
    from delaktig.voting.models import Ballot, BallotBox, BallotChoice, Participation

    official = User.objects.create(email="official@bench.se", is_official=True)
    budget_round = BudgetRound.objects.create(
        slug="bench-council",
        name="Medborgarbudget (bench)",
        audience="residents",
        summary="En stor omgång för att mäta rapporten till fullmäktige.",
        eligibility="everyone",
        total_budget=8_000_000,
        status="published",
    )
    move_to(budget_round, "result")
    RoundEligibility.objects.create(budget_round=budget_round, use_census=True)
    cutoff = age_cutoff(budget_round)
    areas = [
        Area.objects.create(budget_round=budget_round, name=name, budget=4_000_000, position=i)
        for i, name in enumerate(["Norra", "Södra"])
    ]
    CensusEntry.objects.bulk_create(
        CensusEntry(
            budget_round=budget_round,
            area=areas[i % 2],
            personnummer_hash=uuid.uuid4().hex,
            birth_date=cutoff - timedelta(days=rng.randint(16 * 365, 90 * 365)),
        )
        for i in range(20_000)
    )
    author = User.objects.create(email="author@bench.se")
    per_area = n_projects // 2
    proposals = []
    for i in range(n_projects):
        area = areas[i % 2]
        proposals.append(
            Proposal(
                budget_round=budget_round,
                area=area,
                author=author,
                title=f"Förslag {i + 1}: bänkar och belysning vid stigen",
                description="Beskrivning",
                estimated_cost=rng.randrange(20_000, 60_000, 1_000),
                status="published",
            )
        )
    Proposal.objects.bulk_create(proposals)
    Assessment.objects.bulk_create(
        Assessment(
            proposal=p,
            verdict="feasible",
            reason="Går att genomföra.",
            official_cost=p.estimated_cost,
        )
        for p in proposals
    )
    voters = User.objects.bulk_create(User(email=f"v{i}@bench.se") for i in range(n_ballots))
    bands = AgeBand.values
    for a, area in enumerate(areas):
        box = BallotBox.objects.create(budget_round=budget_round, area=area, kind="approval")
        mine = [p for p in proposals if p.area_id == area.pk][:per_area]
        box.proposals.set(mine)
        half = voters[a::2]
        Participation.objects.bulk_create(
            Participation(box=box, voter=v, age_band=rng.choice(bands)) for v in half
        )
        ballots = Ballot.objects.bulk_create(Ballot(box=box) for _ in half)
        BallotChoice.objects.bulk_create(
            BallotChoice(ballot=b, proposal=p, value=1)
            for b in ballots
            for p in rng.sample(mine, 5)
        )
        results.run_tally(by=official, box=box)
    results.publish_result(by=official, budget_round=budget_round)
    budget_round.refresh_from_db()
    decision = Decision.objects.create(
        budget_round=budget_round,
        decided_on=date(2026, 6, 1),
        body="Kommunstyrelsen",
        reference="KS 2026/42",
    )
    decision.funded.set(proposals[:40])
    projects = Project.objects.bulk_create(
        Project(
            budget_round=budget_round,
            proposal=p,
            title=p.title,
            status=STATUSES[i % 5],
            status_reason="Skälet till statusen."
            if STATUSES[i % 5] in ("delayed", "cancelled")
            else "",
            budgeted_cost=p.estimated_cost,
            actual_cost=p.estimated_cost // 2 if i % 3 else None,
            progress=(i * 7) % 101,
        )
        for i, p in enumerate(proposals[:n_projects])
    )
    now = timezone.now()
    ProjectUpdate.objects.bulk_create(
        ProjectUpdate(
            project=projects[i % len(projects)],
            title=f"Läget vecka {i % 52 + 1}",
            body="Arbetet går framåt.",
            dated=date(2026, 1, 1) + timedelta(days=i % 330),
            published_at=now if i % 4 else None,
        )
        for i in range(n_updates)
    )
    for g in range(2):
        goal = Goal.objects.create(
            title=f"Effektmål {g + 1}", slug=f"mal-{g}", effect="…", published=True
        )
        goal.rounds.add(budget_round)
        for k in range(3):
            indicator = Indicator.objects.create(
                goal=goal,
                name=f"Indikator {g + 1}.{k + 1}",
                unit="%",
                baseline=50,
                baseline_on=date(2023, 1, 1),
                target=70,
                source="SCB",
            )
            Measurement.objects.bulk_create(
                Measurement(
                    indicator=indicator,
                    measured_on=date(2023 + m // 12, m % 12 + 1, 1),
                    value=50 + m / 2,
                )
                for m in range(36)
            )
    return budget_round


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=300)
    parser.add_argument("--updates", type=int, default=5000)
    parser.add_argument("--ballots", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    setup_django("council_report")
    from io import BytesIO

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from pypdf import PdfReader

    from delaktig.council.contents import contents_for
    from delaktig.council.pdf import report_pdf

    budget_round = build(args.projects, args.updates, args.ballots, random.Random(13))
    times, pdf, queries = [], b"", 0
    for _run in range(args.runs):
        start, cpu = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as captured:
            contents = contents_for(budget_round)
        read = time.perf_counter() - start
        pdf = report_pdf(contents, number=1)
        times.append((time.perf_counter() - start, time.process_time() - cpu, read))
        queries = len(captured)
    pages = len(PdfReader(BytesIO(pdf)).pages)
    wall = statistics.median(t[0] for t in times)
    cpu = statistics.median(t[1] for t in times)
    read = statistics.median(t[2] for t in times)
    load = os.getloadavg()[0]
    # The goal is for the task on a worker of its own; on a shared machine (load above the
    # number of cores) the wall time measures the neighbours, so the CPU time is judged.
    judged = cpu if load > (os.cpu_count() or 1) else wall
    verdict = "ok" if judged < 15 else "MISSED"
    print(
        f"council report PDF: {args.projects} projects, {args.updates} updates, "
        f"{args.projects} proposals on two ballots, {args.ballots} ballots; {pages} pages, "
        f"{len(pdf) / 1024:.0f} KiB; contents {read:.2f} s in {queries} queries; "
        f"median of {args.runs}: {wall:.2f} s wall, {cpu:.2f} s CPU (load {load:.1f} on "
        f"{os.cpu_count()} cores; goal < 15 s: {judged / 15:.0%} of it) {verdict}"
    )


if __name__ == "__main__":
    main()
