"""What the roll holds about people: the round's purge, forgetting a person, their export."""

from django.db import transaction

from delaktig.audit.services import record

from ..models import CensusEntry, Invitation


def purge_round(budget_round, *, dry_run: bool = False) -> dict[str, int]:
    """Delete the round's census and invitation list (the privacy app's retention purge).

    Deleting an invitation unlinks its voter account; the privacy app's purge removes the
    accounts that existed only for the roll just before calling this."""
    census = CensusEntry.objects.filter(budget_round=budget_round)
    invitations = Invitation.objects.filter(budget_round=budget_round)
    counts = {"census": census.count(), "invitations": invitations.count()}
    if dry_run:
        return counts
    with transaction.atomic():
        census.delete()
        invitations.delete()
        record(None, "eligibility.purged", budget_round, **counts)
    return counts


def forget_user(user) -> int:
    """Unlink the person's invitations before their account is deleted. The list stays the
    official's, as imported; census entries hold only a hash and stay until the round's purge."""
    return Invitation.objects.filter(voter=user).update(voter=None)


def personal_data_for(user) -> list[dict]:
    """What the roll says about the person, for their data export."""
    data = [
        {
            "kind": "invitation",
            "round": i.budget_round.name,
            "name": i.name,
            "email": i.email,
            "area": i.area.name if i.area else None,
            "group": i.group,
            "birth_date": i.birth_date.isoformat() if i.birth_date else None,
            "sent_at": i.sent_at.isoformat() if i.sent_at else None,
            "first_used_at": i.used_at.isoformat() if i.used_at else None,
            "revoked_at": i.revoked_at.isoformat() if i.revoked_at else None,
        }
        for i in Invitation.objects.filter(voter=user).select_related("budget_round", "area")
    ]
    if user.personnummer_hash:
        data += [
            {
                "kind": "census",
                "round": e.budget_round.name,
                "area": e.area.name if e.area else None,
                "birth_date": e.birth_date.isoformat(),
            }
            for e in CensusEntry.objects.filter(
                personnummer_hash=user.personnummer_hash
            ).select_related("budget_round", "area")
        ]
    return data
