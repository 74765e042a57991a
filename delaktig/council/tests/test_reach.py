"""Reach: turnout by area, age band and channel against the roll, the smallest group shown,
under-representation, and the breakdowns frozen with the count (the purge deletes who voted)."""

import pytest

from delaktig.council.reach import MIN_CELL, Row, _suppress, _table, reach_for
from delaktig.eligibility.models import CensusEntry
from delaktig.eligibility.queries import roll_size
from delaktig.results.models import TallyRun
from delaktig.voting.models import Participation

from .factories import published_round

pytestmark = pytest.mark.django_db


def rows(table):
    return {row.key: row for row in table.rows}


def test_turnout_by_area_age_band_and_channel_against_the_census(make_round, official):
    budget_round, _proposals = published_round(make_round, official)
    reach = reach_for(budget_round)
    assert reach.voters == 20 and reach.roll == 140
    assert reach.turnout_percent == "14,3\xa0%"
    area, age, channel = reach.tables
    by_area = {row.label: row for row in area.rows}
    assert (by_area["Norra"].voters, by_area["Norra"].roll) == (12, 100)
    assert (by_area["Södra"].voters, by_area["Södra"].roll) == (8, 40)
    assert by_area["Södra"].turnout_percent == "20,0\xa0%"
    bands = rows(age)
    assert (bands["18-29"].voters, bands["18-29"].roll) == (5, 30)
    assert (bands["30-44"].voters, bands["45-64"].voters) == (6, 6)
    assert bands["65-"].roll == 40 and bands["0-17"].roll == 10
    assert rows(channel)["online"].voters == 20 and rows(channel)["paper"].voters == 0


def test_small_groups_are_hidden_with_their_shares(make_round, official):
    budget_round, _proposals = published_round(make_round, official)
    bands = rows(reach_for(budget_round).tables[1])
    for key in ("0-17", "65-"):  # 1 and 2 voters
        row = bands[key]
        assert row.hidden and row.voters is None
        assert row.share_of_voters is None and row.turnout is None
        assert row.roll is not None  # the roll is not a secret


def test_under_represented_is_under_80_per_cent_of_the_share_of_the_roll(make_round, official):
    budget_round, _proposals = published_round(make_round, official)
    reach = reach_for(budget_round)
    under = {(table.key, row.key) for table, row in reach.under}
    # 65+: 10 % of the voters, 29 % of the roll; under 18: 5 % against 7.1 %
    assert under == {("age_band", "65-"), ("age_band", "0-17")}


def test_one_hidden_group_hides_the_next_smallest_too():
    table = _table(
        "t",
        "T",
        [("a", "A", 3, None), ("b", "B", 6, None), ("c", "C", 20, None)],
        voters_total=29,
        roll_total=None,
    )
    hidden = {row.key for row in table.rows if row.hidden}
    assert hidden == {"a", "b"}  # else A = 29 − 6 − 20
    assert table.voters == 29


def test_nobody_is_hidden_when_no_group_is_small():
    group = [Row("a", "A", MIN_CELL), Row("b", "B", 0), Row("c", "C", 40)]
    _suppress(group, total_shown=True)
    assert [r.hidden for r in group] == [False, False, False]


def test_the_breakdowns_survive_the_purge_of_who_voted_and_the_roll(make_round, official):
    budget_round, _proposals = published_round(make_round, official)
    before = reach_for(budget_round, published_only=True)
    run = TallyRun.objects.filter(box__budget_round=budget_round).first()
    assert run.turnout["roll"]["source"] == "census"
    assert sum(run.turnout["by_age_band"].values()) == run.turnout["total"]
    Participation.objects.filter(box__budget_round=budget_round).delete()
    CensusEntry.objects.filter(budget_round=budget_round).delete()
    after = reach_for(budget_round, published_only=True)
    assert after.all_frozen
    assert [[(r.key, r.voters, r.roll) for r in t.rows] for t in after.tables] == [
        [(r.key, r.voters, r.roll) for r in t.rows] for t in before.tables
    ]


def test_a_round_without_a_roll_has_counts_only(make_round, official, client):
    from django.urls import reverse

    from delaktig.results.tests.factories import box_with_ballots

    budget_round = make_round("result", total_budget=50_000)
    box_with_ballots(budget_round, costs={"A": 10_000}, ballots=[["A"]] * 6)
    assert roll_size(budget_round) is None
    reach = reach_for(budget_round)
    assert reach.voters == 6 and reach.roll is None
    assert not reach.tables[0].has_roll and not reach.under
    client.force_login(official)
    page = client.get(reverse("council:round", args=[budget_round.slug])).content.decode()
    assert "i den här omgången är den inte känd" in page
    assert "Omgången har ingen röstlängd" in page


def test_a_unit_round_counts_its_members(make_round):
    from delaktig.accounts.tests.factories import UnitFactory, UserFactory

    unit = UnitFactory()
    budget_round = make_round("vote", eligibility="unit", unit=unit)
    for _ in range(7):
        UserFactory().units.add(unit)
    size = roll_size(budget_round)
    assert size.source == "unit" and size.total == 7
