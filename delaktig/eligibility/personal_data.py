"""What the eligibility app keeps about people, and how it forgets them (the privacy app's
contract).

`forget_user` and `purge` have the same signatures in every app that keeps personal data and
return counts by label; `delaktig.privacy.owners` calls them, in order. The census and the
invitation list are the official's, as imported: they stay until the round's purge.
"""

from datetime import datetime

from . import services
from .models import Invitation

# The fields pointing at a person that `forget_user` empties (app_label.Model.field).
USER_FIELDS = ("eligibility.Invitation.voter",)


def forget_users(*, users) -> dict[str, int]:
    """Before the accounts go (a list of users): unlink their invitations; the list stays the
    official's, as imported. Census entries hold only a keyed hash and stay until the round's
    purge."""
    return {"invitations": Invitation.objects.filter(voter__in=users).update(voter=None)}


def forget_user(*, user) -> dict[str, int]:
    """`forget_users` for one person (their account is being deleted)."""
    return forget_users(users=[user])


def purge(*, process, cutoff: datetime, dry_run: bool = False) -> dict[str, int]:
    """The retention purge of a round (`process`): delete its census and invitation list.
    Counts first, and deletes (with its `eligibility.purged` event) only if there is something
    to delete, so a daily run over an already purged round stays quiet. `cutoff` is not needed
    here: the whole roll is due."""
    counts = services.purge_round(process, dry_run=True)
    if dry_run or not any(counts.values()):
        return counts
    return services.purge_round(process)


def export_user(*, user) -> dict[str, list]:
    """Invitations sent to the person and census rows matching their e-identification (never a
    voting code or a personnummer hash)."""
    return {"eligibility": services.personal_data_for(user)}
