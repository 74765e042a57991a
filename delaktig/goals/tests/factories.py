import datetime
from decimal import Decimal

import factory

from delaktig.goals.models import Direction, Goal, Indicator, Measurement


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Fler känner sig trygga {n}")
    slug = factory.Sequence(lambda n: f"trygghet-{n}")
    effect = "Fler invånare ska känna sig trygga i sitt område på kvällen."
    decided_by = "Kommunfullmäktige 2024-06-12, § 45"
    published = True


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    goal = factory.SubFactory(GoalFactory)
    name = factory.Sequence(lambda n: f"Andel som känner sig trygga {n}")
    unit = "%"
    baseline = Decimal("55")
    baseline_on = datetime.date(2022, 1, 1)
    target = Decimal("70")
    target_on = datetime.date(2027, 12, 31)
    direction = Direction.UP
    source = "SCB:s medborgarundersökning"


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    indicator = factory.SubFactory(IndicatorFactory)
    measured_on = factory.Sequence(lambda n: datetime.date(2022, 1, 1) + datetime.timedelta(n + 1))
    value = Decimal("58.5")
