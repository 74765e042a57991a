"""Reads about a round's roll for the apps above (docs/architecture.md, "Reading data")."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from delaktig.processes.models import Eligibility

from .age_bands import BAND_LOWEST_AGES, born_on_or_before
from .checks import age_cutoff, settings_for
from .models import CensusEntry, Invitation

CENSUS, INVITATIONS, UNIT = "census", "invitations", "unit"


@dataclass(frozen=True)
class RollSize:
    """How many people a roll holds (in one area, or the whole round), by age band ("" where
    the roll gives no birth date), and which roll it is."""

    source: str  # CENSUS, INVITATIONS (or both: "census+invitations"), UNIT
    total: int
    by_age_band: dict[str, int]

    def as_dict(self) -> dict:
        return {"source": self.source, "total": self.total, "by_age_band": self.by_age_band}


def _band_counts(rows, cutoff) -> dict:
    """Count(filter=…) per age band of `birth_date` on `cutoff`, for one aggregate query."""
    limits = [born_on_or_before(lowest, cutoff) for _band, lowest in BAND_LOWEST_AGES]
    filters = {}
    for i, (band, _lowest) in enumerate(BAND_LOWEST_AGES):
        condition = Q(birth_date__lte=limits[i])
        if i + 1 < len(limits):
            condition &= Q(birth_date__gt=limits[i + 1])
        filters[band.value] = Count("pk", filter=condition)
    filters[""] = Count("pk", filter=Q(birth_date__isnull=True))
    return rows.aggregate(**filters)


def _add(total: dict, more: dict) -> dict:
    return {band: total.get(band, 0) + more.get(band, 0) for band in {*total, *more}}


def roll_size(budget_round, area=None) -> RollSize | None:
    """The roll of `budget_round` (of `area` when given): the census and the invitation list
    (a person on both counted once), or a unit round's members; None when the round has no
    roll (everyone signed in, the residents of its districts: no list says who could vote).
    Three queries at most, whatever the size of the roll."""
    settings = settings_for(budget_round)
    if settings is not None and settings.uses_roll:
        cutoff = age_cutoff(budget_round)
        by_band: dict[str, int] = {}
        sources = []
        if settings.use_census:
            entries = CensusEntry.objects.filter(budget_round=budget_round)
            if area is not None:
                entries = entries.filter(area=area)
            by_band = _add(by_band, _band_counts(entries, cutoff))
            sources.append(CENSUS)
        if settings.use_invitations:
            invited = Invitation.objects.active().filter(budget_round=budget_round)
            if area is not None:
                invited = invited.filter(area=area)
            if settings.use_census:  # someone on both lists is one voter
                invited = invited.exclude(
                    Exists(
                        CensusEntry.objects.filter(
                            budget_round=budget_round,
                            personnummer_hash=OuterRef("personnummer_hash"),
                        )
                    )
                )
            by_band = _add(by_band, _band_counts(invited, cutoff))
            sources.append(INVITATIONS)
        by_band = {band: n for band, n in by_band.items() if n}
        return RollSize("+".join(sources), sum(by_band.values()), by_band)
    if budget_round.eligibility == Eligibility.UNIT and budget_round.unit_id:
        members = budget_round.unit.members.filter(is_active=True).count()
        return RollSize(UNIT, members, {"": members} if members else {})
    return None
