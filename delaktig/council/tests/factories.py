"""A budget round with a published result, a census, a decision, projects and a goal: what
the council report reads. Written straight to the foundation models (the other apps' services
are built in parallel)."""

import uuid
from datetime import date, timedelta

from delaktig.accounts.tests.factories import UserFactory
from delaktig.eligibility.age_bands import born_on_or_before
from delaktig.eligibility.checks import age_cutoff
from delaktig.eligibility.models import CensusEntry
from delaktig.eligibility.tests.factories import RoundEligibilityFactory
from delaktig.followup.models import Decision, Project, ProjectUpdate
from delaktig.goals.models import Goal, Indicator, Measurement
from delaktig.processes.tests.factories import AreaFactory
from delaktig.results import services as results
from delaktig.results.tests.factories import box_with_ballots
from delaktig.voting.models import Participation

# Per area: voters by age (each voter one participation), and the census by age.
NORTH_VOTERS = [25, 25, 25, 35, 35, 35, 50, 50, 50, 50, 70, 16]
NORTH_CENSUS = [25] * 20 + [35] * 20 + [50] * 20 + [70] * 30 + [16] * 10
SOUTH_VOTERS = [25, 25, 35, 35, 35, 50, 50, 70]
SOUTH_CENSUS = [25] * 10 + [35] * 10 + [50] * 10 + [70] * 10


def _census(budget_round, area, ages):
    cutoff = age_cutoff(budget_round)
    CensusEntry.objects.bulk_create(
        CensusEntry(
            budget_round=budget_round,
            area=area,
            personnummer_hash=uuid.uuid4().hex,
            birth_date=born_on_or_before(age, cutoff) - timedelta(days=10),
        )
        for age in ages
    )


def _bands(box, ages):
    """Give the box's participations the age bands of `ages` (as casting would from the roll)."""
    from delaktig.eligibility.age_bands import AgeBand

    for participation, age in zip(
        Participation.objects.filter(box=box).order_by("pk"), ages, strict=True
    ):
        participation.age_band = AgeBand.for_age(age)
        participation.save(update_fields=["age_band"])


def published_round(make_round, official, *, publish=True):
    budget_round = make_round("result", total_budget=100_000)
    RoundEligibilityFactory(budget_round=budget_round, use_census=True)
    north = AreaFactory(budget_round=budget_round, name="Norra", budget=50_000, position=1)
    south = AreaFactory(budget_round=budget_round, name="Södra", budget=50_000, position=2)
    _census(budget_round, north, NORTH_CENSUS)
    _census(budget_round, south, SOUTH_CENSUS)
    north_box, north_p = box_with_ballots(
        budget_round,
        budget_area=north,
        costs={"A": 30_000, "B": 20_000, "C": 25_000},
        ballots=[["A", "B"]] * 7 + [["C"]] * 5,
    )
    _bands(north_box, NORTH_VOTERS)
    south_box, south_p = box_with_ballots(
        budget_round,
        budget_area=south,
        costs={"D": 40_000, "E": 15_000},
        ballots=[["D"]] * 5 + [["E"]] * 3,
    )
    _bands(south_box, SOUTH_VOTERS)
    for box in (north_box, south_box):
        results.run_tally(by=official, box=box)
    if publish:
        results.publish_result(by=official, budget_round=budget_round)
        budget_round.refresh_from_db()
    return budget_round, {**north_p, **south_p}


def follow_up(budget_round, proposals, *, updates_per_project=2):
    decision = Decision.objects.create(
        budget_round=budget_round,
        decided_on=date(2026, 6, 10),
        body="Kommunstyrelsen",
        reference="KS 2026/123",
        deviation_reason="Förslag E byggs ihop med skolgården och får därför vänta ett år.",
    )
    decision.funded.set([proposals["A"], proposals["B"], proposals["D"]])
    made = []
    for label, status, spent in (
        ("A", "done", 29_000),
        ("B", "ongoing", 5_000),
        ("D", "delayed", None),
    ):
        project = Project.objects.create(
            budget_round=budget_round,
            proposal=proposals[label],
            title=f"Projekt {label}",
            status=status,
            status_reason="Leverantören är sen." if status == "delayed" else "",
            budgeted_cost=proposals[label].estimated_cost,
            actual_cost=spent,
            progress=100 if status == "done" else 30,
        )
        for n in range(updates_per_project):
            ProjectUpdate.objects.create(
                project=project,
                title=f"Nytt {n}",
                body="Text",
                dated=date(2026, 7, 1 + n),
                published_at=budget_round.created_at,
            )
        made.append(project)
    goal = Goal.objects.create(
        title="Fler trygga mötesplatser",
        slug=f"trygga-{budget_round.pk}",
        effect="Fler känner sig trygga.",
        decided_by="Kommunfullmäktige",
        published=True,
    )
    goal.rounds.add(budget_round)
    indicator = Indicator.objects.create(
        goal=goal,
        name="Andel som känner sig trygga",
        unit="%",
        baseline="61.5",
        baseline_on=date(2024, 1, 1),
        target="75",
        source="Medborgarundersökningen",
    )
    for year, value in ((2024, "61.5"), (2025, "64"), (2026, "67.25")):
        Measurement.objects.create(indicator=indicator, measured_on=date(year, 10, 1), value=value)
    return decision, made


def elected_member(**kwargs):
    return UserFactory(full_name="Eva Förtroendevald", is_elected_member=True, **kwargs)
