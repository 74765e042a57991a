"""Age bands: the coarse age a roll says about a person, shared by the apps that keep one
(a survey response's respondent facts, a vote's participation) and by the council report's
reach tables, so that every table bands ages the same way."""

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgeBand(models.TextChoices):
    UNDER_18 = "0-17", _("Under 18")
    FROM_18 = "18-29", _("18–29")
    FROM_30 = "30-44", _("30–44")
    FROM_45 = "45-64", _("45–64")
    FROM_65 = "65-", _("65 or older")

    @classmethod
    def for_age(cls, age: int | None) -> str:
        """The band of an age in whole years; "" when the age is not known."""
        if age is None:
            return ""
        for band, lowest in BAND_LOWEST_AGES[::-1]:
            if age >= lowest:
                return band
        return cls.UNDER_18


# (band, lowest age in it), youngest first.
BAND_LOWEST_AGES = (
    (AgeBand.UNDER_18, 0),
    (AgeBand.FROM_18, 18),
    (AgeBand.FROM_30, 30),
    (AgeBand.FROM_45, 45),
    (AgeBand.FROM_65, 65),
)


def born_on_or_before(age: int, day: date) -> date:
    """The latest birth date of someone who is at least `age` years old on `day` (a person
    born on 29 February turns a year older on 1 March in other years, as `checks.age_on`
    counts): lets a query band a roll's birth dates without reading them one by one."""
    try:
        return day.replace(year=day.year - age)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - age, day=28)
