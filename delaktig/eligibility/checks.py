"""May this person vote in this round (and this area)? One function, one plain-Swedish answer.

`why_not_eligible` is asked by `voting.rules.why_cannot_vote` after the phase checks. It covers:

- rounds without a roll: the round's own rule (everyone signed in, a unit's employees, or
  residents of the round's areas, voting in the area of their district);
- rounds with a roll (census and/or invitation list): the person must be on it (as the voter of
  an invitation that is not revoked, or through `User.personnummer_hash` in the census), and
  the roll decides the area: an area's ballot box only for people of that area;
- age limits, counted on the first day of voting, with the birth date from the roll.

A person who signed in with a voting code votes only in the round of their invitation.
"""

from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from delaktig.processes.models import Eligibility

from .age_bands import AgeBand
from .models import CensusEntry, Invitation, RoundEligibility

CENSUS, INVITATION = "census", "invitation"


@dataclass(frozen=True)
class RollPlace:
    """Where the roll puts a person: by which route, in which area, born when."""

    source: str
    area: object
    birth_date: date | None


def settings_for(budget_round) -> RoundEligibility | None:
    """The round's eligibility settings, or None (cached on the round by Django)."""
    try:
        return budget_round.eligibility_settings
    except RoundEligibility.DoesNotExist:
        return None


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def age_cutoff(budget_round, at=None) -> date:
    """The day ages are counted on: the first day of voting (today if there is no vote phase)."""
    phase = budget_round.binding_phase()
    moment = phase.starts_at if phase else (at or timezone.now())
    return timezone.localdate(moment)


def why_not_eligible(user, budget_round, area=None, at=None) -> str | None:
    """A sentence saying why `user` may not vote in `budget_round` (in `area`), or None."""
    if not getattr(user, "is_authenticated", False):
        return _("Sign in to vote.")
    invitations, own = _invitations(user, budget_round)
    if invitations and not own:
        return _("Your voting code is for “%(round)s”, not for this vote.") % {
            "round": invitations[0].budget_round.name
        }
    settings = settings_for(budget_round)
    place, reason = _roll_place(user, budget_round, settings, own)
    if settings is None or not settings.uses_roll:
        reason = _round_rule(user, budget_round, area)
    else:
        reason = reason or _area_reason(place, area)
    if reason is None and settings is not None and settings.has_age_limits:
        reason = _age_reason(settings, place, age_cutoff(budget_round, at))
    return reason


def roll_area(user, budget_round):
    """The area the roll puts `user` in for this round (their census entry or invitation), or
    None when it does not say: no roll, not on it, or on it without an area."""
    if not getattr(user, "is_authenticated", False):
        return None
    _all, own = _invitations(user, budget_round)
    place, _reason = _roll_place(user, budget_round, settings_for(budget_round), own)
    return place.area if place is not None else None


def roll_birth_date(user, budget_round) -> date | None:
    """The birth date the round's roll holds for `user` (census entry or invitation), or None:
    no roll, not on it, or on it without a birth date. Surveys keep the age band from it."""
    if not getattr(user, "is_authenticated", False):
        return None
    settings = settings_for(budget_round)
    if settings is None or not settings.uses_roll:
        return None
    _all, own = _invitations(user, budget_round)
    place, _reason = _roll_place(user, budget_round, settings, own)
    return place.birth_date if place is not None else None


def roll_age_band(user, budget_round) -> str:
    """The age band (`age_bands.AgeBand`) the round's roll gives `user`, counted on the day
    ages are counted for eligibility (`age_cutoff`: the first day of voting); "" when the roll
    does not say. Kept with who voted, never with what (voting.Participation.age_band)."""
    born = roll_birth_date(user, budget_round)
    return AgeBand.for_age(age_on(born, age_cutoff(budget_round)) if born else None)


def _roll_place(user, budget_round, settings, own):
    """(where the roll puts the person, or None; why they are not on it, or None). Without a
    roll, their invitation to the round says it, if they have one."""
    if settings is None or not settings.uses_roll:
        return _invitation_place(own), None
    return _find_on_roll(user, budget_round, settings, own)


def _invitations(user, budget_round):
    """(the person's invitations, those of this round): a voting code is for one round."""
    if not _has_invitations(user.pk):
        return [], []
    invitations = list(Invitation.objects.filter(voter=user).select_related("area")[:20])
    return invitations, [i for i in invitations if i.budget_round_id == budget_round.pk]


def in_round_audience(user, budget_round) -> bool:
    """The round's own rule: everyone signed in, the employees of its unit, or the residents
    of the districts of its areas."""
    if budget_round.eligibility == Eligibility.UNIT:
        return user.units.filter(pk=budget_round.unit_id).exists()
    if budget_round.eligibility == Eligibility.RESIDENTS:
        return bool(
            user.district_id and budget_round.areas.filter(district_id=user.district_id).exists()
        )
    return True


def _has_invitations(user_id) -> bool:
    """Whether the person is the voter of any invitation. Asked on every voting page and vote,
    and most voters have none: one plain statement costs 0.03 ms of CPU where the ORM read of
    invitations and their areas costs 0.6 ms (ADR 0003)."""
    table = connection.ops.quote_name(Invitation._meta.db_table)  # a name of ours, quoted
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {table} WHERE voter_id = %s LIMIT 1", [user_id])  # noqa: S608
        return cursor.fetchone() is not None


def _round_rule(user, budget_round, area) -> str | None:
    """The round's own rule, for rounds without a roll (as the voting app had it)."""
    if not in_round_audience(user, budget_round):
        return _("You are not among those who may take part in this round.")
    if (
        area is not None
        and budget_round.eligibility == Eligibility.RESIDENTS
        and (not user.district_id or area.district_id != user.district_id)
    ):
        return _("You may only vote in the area where you live.")
    return None


def _invitation_place(own) -> RollPlace | None:
    active = [i for i in own if i.revoked_at is None]
    if not active:
        return None
    return RollPlace(INVITATION, active[0].area, active[0].birth_date)


def _find_on_roll(user, budget_round, settings, own):
    """(place, None) if `user` is on the round's roll, else (None, reason)."""
    if settings.use_invitations:
        place = _invitation_place(own)
        if place is not None:
            return place, None
        if own:
            return None, _(
                "Your voting code has been revoked. Contact the municipality if you need a new one."
            )
    if settings.use_census and user.personnummer_hash:
        entry = (
            CensusEntry.objects.filter(
                budget_round=budget_round, personnummer_hash=user.personnummer_hash
            )
            .select_related("area")
            .first()
        )
        if entry is not None:
            return RollPlace(CENSUS, entry.area, entry.birth_date), None
    if settings.use_census and settings.use_invitations:
        return None, _(
            "You are not in the census for this vote, and you have not signed in with a voting "
            "code for it."
        )
    if settings.use_census:
        if not user.personnummer_hash:
            return None, _(
                "This vote uses the census. Sign in with e-identification so that we can find "
                "you in it."
            )
        return None, _("You are not in the census for this vote.")
    return None, _(
        "This vote is only for people who have been invited. Sign in with the voting code "
        "from your invitation."
    )


def _area_reason(place, area) -> str | None:
    """An area's ballot box is for the people the roll puts in that area."""
    if place is None or area is None or place.area == area:
        return None
    if place.area is None:
        return _(
            "We do not know which area you belong to, so you cannot vote in an area. "
            "Contact the municipality."
        )
    if place.source == CENSUS:
        return _("According to the census you belong to %(area)s. You can only vote there.") % {
            "area": place.area.name
        }
    return _("Your voting code is for %(area)s. You can only vote there.") % {
        "area": place.area.name
    }


def _limits_sentence(settings) -> str:
    low, high = settings.min_age, settings.max_age
    if low is not None and high is not None:
        return _("This vote is for people aged %(low)d–%(high)d.") % {"low": low, "high": high}
    if low is not None:
        return _("This vote is for people aged %(low)d or older.") % {"low": low}
    return _("This vote is for people aged %(high)d or younger.") % {"high": high}


def _age_reason(settings, place, cutoff: date) -> str | None:
    if place is None or place.birth_date is None:
        if place is not None and place.source == INVITATION:
            return None  # the official who invited the person vouches for their age
        return " ".join(
            [_limits_sentence(settings), _("We do not know your age, so you cannot vote.")]
        )
    age = age_on(place.birth_date, cutoff)
    too_young = settings.min_age is not None and age < settings.min_age
    too_old = settings.max_age is not None and age > settings.max_age
    if not (too_young or too_old):
        return None
    if place.source == CENSUS:
        known = _("According to the census you are %(age)d.") % {"age": age}
    else:
        known = _("According to your invitation you are %(age)d.") % {"age": age}
    return f"{_limits_sentence(settings)} {known}"


def describe_audience(budget_round) -> list[str] | None:
    """Who may take part, as the round is set up, in sentences for its page; None when the
    round's own rule decides (its page shows that rule)."""
    settings = settings_for(budget_round)
    if settings is None or not settings.uses_roll:
        return None
    sentences = []
    if settings.use_census:
        sentences.append(
            _("People in the census of the round. Sign in with e-identification to take part.")
        )
    if settings.use_invitations:
        sentences.append(
            _("People on the invitation list. Sign in with the voting code you were given.")
        )
    if settings.has_age_limits:
        sentences.append(_limits_sentence(settings))
    if settings.codes_may_propose:
        sentences.append(
            _(
                "With a voting code you may send in proposals too. A moderator reads them "
                "before they are published, and your name is not shown."
            )
        )
    return sentences
