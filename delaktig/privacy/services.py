"""Personal data: what Delaktig holds about a person, deleting an account, and retention.

The privacy app sits at the top of the layers, so it reads every app's models. It writes to
none of them: each app forgets people in its own `personal_data` module, and this module calls
them from one list (`owners.OWNERS`) and decides when (an account deleted, a round due).
"""

from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from delaktig.audit import services as audit
from delaktig.core.errors import Conflict
from delaktig.eligibility.models import CensusEntry, Invitation
from delaktig.eligibility.services import CENSUS_DOMAIN
from delaktig.processes.models import BudgetRound
from delaktig.proposals import personal_data as proposals
from delaktig.voting.models import Participation
from delaktig.voting.rules import voting_closes_at, voting_has_closed, voting_has_opened

from . import owners
from .export import personal_data

__all__ = [
    "delete_account",
    "due_rounds",
    "personal_data",
    "purge_resolved_reports",
    "purge_round",
    "retention_days",
    "roll_only_accounts",
    "why_cannot_delete",
]

DEFAULT_RETENTION_DAYS = 90


def retention_days() -> int:
    return int(getattr(settings, "PERSONAL_DATA_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


# --- Deleting an account -----------------------------------------------------------------------


def _open_votes_taken_part_in(user) -> list[BudgetRound]:
    rounds = BudgetRound.objects.filter(ballot_boxes__participations__voter=user).distinct()
    return [
        r
        for r in rounds.prefetch_related("phases")
        if voting_has_opened(r) and not voting_has_closed(r)
    ]


def why_cannot_delete(user) -> str | None:
    """Why the account cannot be deleted right now, or None.

    Someone who has voted in a vote that is still open must wait until it closes: if the
    account went, the record that they voted would go with it, and they could sign up again
    (e-ID, a new e-mail address) and vote a second time.
    """
    for budget_round in _open_votes_taken_part_in(user):
        closes = voting_closes_at(budget_round)
        if closes is None:
            return _(
                "You have voted in “%(round)s”, and voting is still open. So that nobody can "
                "vote twice, you can delete your account once voting has closed."
            ) % {"round": budget_round.name}
        return _(
            "You have voted in “%(round)s”, and voting is open until %(closes)s. So that nobody "
            "can vote twice, you can delete your account once voting has closed."
        ) % {
            "round": budget_round.name,
            "closes": formats.date_format(timezone.localtime(closes), "DATETIME_FORMAT"),
        }
    return None


def delete_account(*, by) -> dict[str, int]:
    """Delete `by`'s own account: every app forgets the person (`owners.OWNERS`), then the
    account goes. Published proposals and comments stay, without an author; ballots stay
    counted, unlinked; supports and the record of having voted go. Counts by label."""
    with transaction.atomic():
        reason = why_cannot_delete(by)
        if reason:
            raise Conflict(reason)
        counts = owners.forget_user(by)
        # Only counts: the actor id becomes a pseudonym now that the account is gone.
        audit.record(by, "account.deleted", **counts)
    return counts


# --- Retention ---------------------------------------------------------------------------------


def due_rounds(*, days: int, now: datetime | None = None):
    """Rounds whose result was published more than `days` days ago."""
    cutoff = (now or timezone.now()) - timedelta(days=days)
    return BudgetRound.objects.filter(result_published_at__lte=cutoff).order_by(
        "result_published_at", "pk"
    )


def roll_only_accounts(budget_round):
    """The voter accounts that exist only because of the round's roll, and nothing else needs.

    Made for the roll: the voter of one of the round's invitations (signed in with a voting
    code), or an account made at a paper-voting station from the round's census
    (`rl-…@rostlangd.invalid`) that has never signed in (e-ID would have signed it in).
    Nothing else needs it: no way to sign in of its own (no usable password, no *verified*
    e-mail address, for a code voter no e-ID), no role, and no invitation, census entry or
    participation in another round: such an account waits for that round's purge.
    An unverified address does not count: allauth writes one for the account's own address as
    soon as the e-mail settings page is opened (a GET), so counting it let a code voter escape
    the purge by looking at that page (security review, issue 9 finding 14). A verified one
    means the person proved they read that mailbox, and can get in by resetting the password.
    Once the invitation is deleted nobody can sign in to these accounts again.
    """
    other_round = ~Q(budget_round=budget_round)
    invited = Q(pk__in=Invitation.objects.filter(budget_round=budget_round).values("voter_id")) & (
        Q(personnummer_hash__isnull=True) | Q(personnummer_hash="")
    )
    made_at_station = Q(
        personnummer_hash__in=CensusEntry.objects.filter(budget_round=budget_round).values(
            "personnummer_hash"
        ),
        email__endswith=f"@{CENSUS_DOMAIN}",
        last_login__isnull=True,
    )
    elsewhere = (
        Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=True))
        | Exists(Invitation.objects.filter(other_round, voter=OuterRef("pk")))
        | Exists(
            CensusEntry.objects.filter(other_round, personnummer_hash=OuterRef("personnummer_hash"))
        )
        | Exists(
            Participation.objects.filter(voter=OuterRef("pk")).exclude(
                box__budget_round=budget_round
            )
        )
    )
    return (
        get_user_model()
        .objects.filter(invited | made_at_station)
        .filter(
            is_staff=False,
            is_superuser=False,
            is_official=False,
            is_moderator=False,
            is_elected_member=False,
        )
        .filter(password__startswith=UNUSABLE_PASSWORD_PREFIX)
        .exclude(elsewhere)
    )


def purge_round(*, budget_round, days: int, dry_run: bool = False, now=None) -> dict[str, int]:
    """Every app's retention purge of the round (`owners.OWNERS`), then the accounts that
    existed only for its roll, forgotten as when a person deletes their account (without an
    event per person: the round's event counts them). Ballots, their choices and the tally runs
    are never touched, so the published result can still be recounted. Counts by label.

    Idempotent: a second run finds nothing left and writes no audit event.
    """
    cutoff = (now or timezone.now()) - timedelta(days=days)
    if dry_run:
        counts = owners.purge(budget_round, cutoff=cutoff, dry_run=True)
        return {**counts, "accounts": roll_only_accounts(budget_round).count()}
    with transaction.atomic():
        # Found through the roll, before the eligibility purge deletes it.
        accounts = list(roll_only_accounts(budget_round))
        counts = owners.purge(budget_round, cutoff=cutoff)
        counts["accounts"] = owners.forget_users(accounts)["accounts"] if accounts else 0
        if any(counts.values()):
            audit.record(None, "privacy.round_purged", budget_round, days=days, **counts)
    return counts


def purge_resolved_reports(*, dry_run: bool = False, now=None) -> int:
    """Empty the reporter of reports resolved more than 12 months ago, in any round."""
    if dry_run:
        return proposals.purge_resolved_reports(dry_run=True, now=now)
    with transaction.atomic():
        emptied = proposals.purge_resolved_reports(now=now)
        if emptied:
            audit.record(None, "privacy.reports_purged", reports=emptied)
    return emptied
