"""The voter's age band (for the turnout by age band, issue 13) comes from the roll when they
vote and is kept with who voted (Participation), never with what (Ballot, BallotChoice)."""

from datetime import date, timedelta

import pytest
from django.db import connection

from delaktig.accounts.tests.factories import UserFactory
from delaktig.core.personnummer import keyed_hash
from delaktig.eligibility.age_bands import AgeBand, born_on_or_before
from delaktig.eligibility.checks import age_cutoff, roll_age_band
from delaktig.eligibility.tests.factories import (
    ANNA,
    SKATTEVERKET,
    CensusEntryFactory,
    RoundEligibilityFactory,
)
from delaktig.voting.models import Ballot, BallotChoice, Participation, SupersededReceipt
from delaktig.voting.paper import services as paper
from delaktig.voting.services import casting

from .factories import box_with_proposals, paper_station

pytestmark = pytest.mark.django_db


def years_before(day: date, years: int) -> date:
    return born_on_or_before(years, day)


@pytest.fixture
def census_box(make_round):
    budget_round = make_round("vote")
    RoundEligibilityFactory(budget_round=budget_round, use_census=True)
    box, proposals = box_with_proposals(budget_round, [10_000, 20_000])
    return box, proposals


def on_census(box, personnummer, age):
    cutoff = age_cutoff(box.budget_round)
    CensusEntryFactory(
        budget_round=box.budget_round,
        personnummer_hash=keyed_hash(personnummer),
        birth_date=years_before(cutoff, age),
    )
    return UserFactory(personnummer_hash=keyed_hash(personnummer))


def test_an_online_vote_keeps_the_rolls_age_band_with_who_voted(census_box):
    box, proposals = census_box
    voter = on_census(box, ANNA, 17)
    casting.cast_ballot(by=voter, box=box, choices=[proposals[0].pk])
    assert Participation.objects.get(box=box, voter=voter).age_band == AgeBand.UNDER_18
    # a change of vote keeps it
    casting.cast_ballot(by=voter, box=box, choices=[proposals[1].pk])
    assert Participation.objects.get(box=box, voter=voter).age_band == AgeBand.UNDER_18


def test_the_band_is_counted_on_the_first_day_of_voting(census_box):
    box, _proposals = census_box
    cutoff = age_cutoff(box.budget_round)
    voter = UserFactory(personnummer_hash=keyed_hash(ANNA))
    entry = CensusEntryFactory(
        budget_round=box.budget_round,
        personnummer_hash=keyed_hash(ANNA),
        birth_date=years_before(cutoff, 65),  # turns 65 on the first day of voting
    )
    assert roll_age_band(voter, box.budget_round) == AgeBand.FROM_65
    entry.birth_date += timedelta(days=1)  # a day younger: still 64 then
    entry.save()
    assert roll_age_band(voter, box.budget_round) == AgeBand.FROM_45


def test_without_a_roll_the_band_is_not_known(make_round, resident):
    budget_round = make_round("vote")
    box, proposals = box_with_proposals(budget_round, [10_000])
    casting.cast_ballot(by=resident, box=box, choices=[proposals[0].pk])
    assert Participation.objects.get(box=box, voter=resident).age_band == ""


def test_a_paper_ballot_keeps_the_band_from_the_roll(census_box, official):
    box, proposals = census_box
    voter = on_census(box, SKATTEVERKET, 70)
    paper_station(box)
    paper.enter_first_pass(
        by=official,
        box=box,
        identifier=SKATTEVERKET,
        station="Biblioteket",
        choices=[proposals[0].pk],
    )
    participation = Participation.objects.get(box=box, voter=voter)
    assert participation.channel == "paper" and participation.age_band == AgeBand.FROM_65


def test_no_ballot_field_or_storage_order_carries_the_age(census_box):
    """Nothing about the ballot side knows an age: no field of Ballot, BallotChoice or
    SupersededReceipt names one, their keys are random (no order of casting), and the rows
    read in storage order after votes by voters of different ages carry no band."""
    for model in (Ballot, BallotChoice, SupersededReceipt):
        names = {f.name for f in model._meta.get_fields()} | {
            f.column for f in model._meta.concrete_fields
        }
        assert not any("age" in name or "birth" in name for name in names), model
        assert model._meta.pk.get_internal_type() == "UUIDField", model
        columns = {
            c.name
            for c in connection.introspection.get_table_description(
                connection.cursor(), model._meta.db_table
            )
        }
        assert not any("age" in c or "birth" in c for c in columns), model
    box, proposals = census_box
    ages = [17, 25, 40, 50, 80]
    voters = [on_census(box, p, age) for p, age in zip(PERSONNUMMER, ages, strict=True)]
    for voter in voters:
        casting.cast_ballot(by=voter, box=box, choices=[proposals[0].pk])
    bands = set(Participation.objects.filter(box=box).values_list("age_band", flat=True))
    assert bands == {AgeBand.for_age(a) for a in ages}
    # every value a ballot row holds, in storage order: none is an age band
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Ballot._meta.db_table}")  # noqa: S608
        values = {str(v) for row in cursor.fetchall() for v in row}
    assert not values & set(AgeBand.values)


# Valid personnummer (Luhn) for five voters.
PERSONNUMMER = ["811228-9874", "19121212-1212", "640823-3234", "500101-2383", "460318-3015"]
