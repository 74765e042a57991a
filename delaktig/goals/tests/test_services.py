"""The rules of goals, indicators and measurements, each refused with a sentence and nothing
half-written."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from delaktig.audit.models import AuditEvent
from delaktig.core.errors import Conflict, InvalidInput, NotAllowed
from delaktig.goals import services
from delaktig.goals.models import Direction, Goal, Measurement
from delaktig.proposals.tests.factories import ProposalFactory

from .factories import GoalFactory, IndicatorFactory, MeasurementFactory

pytestmark = pytest.mark.django_db


def indicator_data(**overrides):
    data = {
        "name": "Andel som känner sig trygga",
        "unit": "%",
        "baseline": Decimal("55"),
        "baseline_on": datetime.date(2022, 1, 1),
        "target": Decimal("70"),
        "target_on": datetime.date(2027, 12, 31),
        "direction": Direction.UP,
        "source": "SCB",
    }
    return data | overrides


def test_a_goal_is_created_as_a_draft_and_audited(official):
    goal = services.create_goal(
        by=official,
        data={"title": "Trygghet", "effect": "Fler trygga.", "unit": None, "decided_by": "KF"},
    )
    assert not goal.published and goal.slug == "trygghet" and goal.created_by == official
    assert AuditEvent.objects.filter(action="goal.created", object_id=str(goal.pk)).exists()
    again = services.create_goal(
        by=official, data={"title": "Trygghet", "effect": "x", "unit": None, "decided_by": "KF"}
    )
    assert again.slug == "trygghet-2"


def test_residents_cannot_create_goals(resident):
    with pytest.raises(NotAllowed):
        services.create_goal(
            by=resident, data={"title": "T", "effect": "x", "unit": None, "decided_by": "KF"}
        )
    assert not Goal.objects.exists()


def test_a_goal_without_indicators_cannot_be_published(official):
    goal = GoalFactory(published=False)
    with pytest.raises(InvalidInput, match="ingen indikator"):
        services.publish_goal(by=official, goal=goal)
    IndicatorFactory(goal=goal)
    services.publish_goal(by=official, goal=goal)
    goal.refresh_from_db()
    assert goal.published
    with pytest.raises(Conflict):
        services.publish_goal(by=official, goal=goal)
    services.unpublish_goal(by=official, goal=goal)
    goal.refresh_from_db()
    assert not goal.published


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"target": Decimal("55")}, "samma som utgångsvärdet"),
        ({"target": Decimal("50")}, "högre än utgångsvärdet"),
        ({"direction": Direction.DOWN}, "lägre än utgångsvärdet"),
        ({"target_on": datetime.date(2021, 1, 1)}, "efter datumet för utgångsvärdet"),
        ({"baseline": Decimal("1.23456")}, "högst fyra decimaler"),
        ({"target": Decimal("1e13")}, "för stort"),
    ],
)
def test_an_indicator_with_a_target_that_makes_no_sense_is_refused(
    official, goal, overrides, message
):
    with pytest.raises(InvalidInput, match=message):
        services.add_indicator(by=official, goal=goal, data=indicator_data(**overrides))
    assert not goal.indicators.exists()


def test_lower_is_better_takes_a_target_below_the_baseline(official, goal):
    indicator = services.add_indicator(
        by=official,
        goal=goal,
        data=indicator_data(direction=Direction.DOWN, target=Decimal("40")),
    )
    assert indicator.get_direction_display() == "Lägre är bättre"


def test_two_indicators_of_a_goal_cannot_share_a_name(official, goal):
    services.add_indicator(by=official, goal=goal, data=indicator_data())
    with pytest.raises(InvalidInput, match="redan en indikator"):
        services.add_indicator(
            by=official, goal=goal, data=indicator_data(name=" andel som KÄNNER sig trygga ")
        )


def test_one_value_per_date_and_none_in_the_future(official, indicator):
    day = datetime.date(2023, 6, 1)
    services.add_measurement(by=official, indicator=indicator, measured_on=day, value=Decimal(60))
    with pytest.raises(Conflict, match="redan ett värde"):
        services.add_measurement(
            by=official, indicator=indicator, measured_on=day, value=Decimal(61)
        )
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(InvalidInput, match="framtiden"):
        services.add_measurement(
            by=official, indicator=indicator, measured_on=tomorrow, value=Decimal(61)
        )
    assert indicator.measurements.count() == 1


def test_another_units_official_cannot_add_values(other_official, official):
    from delaktig.accounts.tests.factories import UnitFactory

    unit = UnitFactory()
    official.units.add(unit)
    indicator = IndicatorFactory(goal=GoalFactory(unit=unit))
    with pytest.raises(NotAllowed):
        services.add_measurement(
            by=other_official,
            indicator=indicator,
            measured_on=datetime.date(2023, 1, 1),
            value=Decimal(1),
        )
    services.add_measurement(
        by=official, indicator=indicator, measured_on=datetime.date(2023, 1, 1), value=Decimal(1)
    )


def test_moving_a_goal_to_a_unit_one_does_not_belong_to_is_refused(official):
    from delaktig.accounts.tests.factories import UnitFactory

    goal = GoalFactory(unit=None, created_by=None)
    with pytest.raises(NotAllowed):
        services.update_goal(by=official, goal=goal, data={"unit": UnitFactory()})


def test_the_last_indicator_of_a_published_goal_stays(official, indicator):
    with pytest.raises(Conflict):
        services.delete_indicator(by=official, indicator=indicator)
    second = IndicatorFactory(goal=indicator.goal)
    MeasurementFactory(indicator=second)
    services.delete_indicator(by=official, indicator=second)
    assert not Measurement.objects.filter(indicator_id=second.pk).exists()


def test_an_import_stores_all_rows_or_none(official, indicator):
    rows = [
        services.MeasurementData(indicator, datetime.date(2023, 1, 1), Decimal("60"), ""),
        services.MeasurementData(indicator, datetime.date(2024, 1, 1), Decimal("62.5"), "Ny"),
    ]
    MeasurementFactory(indicator=indicator, measured_on=datetime.date(2024, 1, 1))
    with pytest.raises(Conflict, match="Inget importerades"):
        services.import_measurements(by=official, goal=indicator.goal, rows=rows)
    assert indicator.measurements.count() == 1
    Measurement.objects.filter(indicator=indicator).delete()
    assert services.import_measurements(by=official, goal=indicator.goal, rows=rows) == 2
    assert AuditEvent.objects.filter(action="goal.measurements_imported").count() == 1


def test_linking_among_those_shown_leaves_the_others(official, goal):
    shown = [ProposalFactory(), ProposalFactory()]
    elsewhere = ProposalFactory()
    goal.proposals.add(elsewhere, shown[1])
    added, removed = services.link_among(
        by=official, goal=goal, field="proposals", shown=shown, chosen=[shown[0]]
    )
    assert (added, removed) == (1, 1)
    assert set(goal.proposals.all()) == {shown[0], elsewhere}
    with pytest.raises(InvalidInput):
        services.link_among(
            by=official, goal=goal, field="proposals", shown=shown, chosen=[elsewhere]
        )


def test_projects_of_linked_proposals_are_linked(official, goal):
    from delaktig.followup.models import Project

    proposal = ProposalFactory()
    project = Project.objects.create(
        budget_round=proposal.budget_round, proposal=proposal, title="Bänkar", budgeted_cost=1
    )
    Project.objects.create(budget_round=proposal.budget_round, title="Annat", budgeted_cost=1)
    goal.proposals.add(proposal)
    assert services.link_projects_of_proposals(by=official, goal=goal) == 1
    assert list(goal.projects.all()) == [project]
    assert services.link_projects_of_proposals(by=official, goal=goal) == 0
