"""What the voting app keeps about people, and how it forgets them (the privacy app's contract).

`forget_user` and `purge` have the same signatures in every app that keeps personal data and
return counts by label; `delaktig.privacy.owners` calls them, in order. Ballots are never
touched: they carry no voter, and a published result must stay recountable (ADR 0001).
"""

from datetime import datetime

from django.db import transaction

from delaktig.accounts.personal_data import when
from delaktig.proposals.personal_data import round_ref

from .models import Ballot, PaperBallot, Participation
from .services.casting import locator_for

# The fields pointing at a person that `forget_user` empties (app_label.Model.field).
USER_FIELDS = ("voting.Participation.voter", "voting.PaperBallot.voter")


def forget_users(*, users) -> dict[str, int]:
    """Before the accounts go (a list of users): clear the locators of their ballots (the
    ballots stay counted, found by no one), delete the record that they voted, and take them
    off any paper entry still being typed in."""
    with transaction.atomic():
        participations = Participation.objects.filter(voter__in=users)
        locators = [
            locator_for(p.box, p.voter) for p in participations.select_related("box", "voter")
        ]
        unlinked = (
            Ballot.objects.filter(locator__in=locators).update(locator=None) if locators else 0
        )
        _total, per_model = participations.delete()
        paper = PaperBallot.objects.filter(voter__in=users).update(voter=None)
    deleted = per_model.get(Participation._meta.label, 0)
    return {"participations": deleted, "locators": unlinked, "paper_ballots": paper}


def forget_user(*, user) -> dict[str, int]:
    """`forget_users` for one person (their account is being deleted)."""
    return forget_users(users=[user])


def purge(*, process, cutoff: datetime, dry_run: bool = False) -> dict[str, int]:
    """The retention purge of a round (`process`): delete who voted in its ballot boxes and
    clear every ballot locator. Ballots, their choices and the tally runs stay. `cutoff` is
    not needed here: the whole round is due."""
    participations = Participation.objects.filter(box__budget_round=process)
    locators = Ballot.objects.filter(box__budget_round=process, locator__isnull=False)
    if dry_run:
        return {"participations": participations.count(), "locators": locators.count()}
    with transaction.atomic():
        _total, per_model = participations.delete()
        return {
            "participations": per_model.get(Participation._meta.label, 0),
            "locators": locators.update(locator=None),
        }


def export_user(*, user) -> dict[str, list]:
    """That the person voted, where, how and when; never what (the ballot has no voter)."""
    rows = Participation.objects.filter(voter=user).select_related("box__budget_round", "box__area")
    return {
        "participations": [
            {
                "round": round_ref(p.box.budget_round),
                "ballot_box": p.box_id,
                "area": p.box.area.name if p.box.area_id else None,
                "channel": p.channel,
                "age_band": p.age_band or None,  # from the roll, for the turnout by age
                "voted": when(p.cast_at),
                "last_changed": when(p.changed_at),
            }
            for p in rows.order_by("cast_at", "pk")
        ]
    }
