"""Personal data: what Delaktig holds about a person, deleting an account, and retention.

The privacy app sits at the top of the layers, so it reads every app's models. It writes to
other apps' models only here, for the one purpose those apps leave to it: forgetting people.
"""

import inspect
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Greatest
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from delaktig.audit import services as audit
from delaktig.core.errors import Conflict
from delaktig.eligibility.models import CensusEntry, Invitation
from delaktig.eligibility.services import CENSUS_DOMAIN
from delaktig.processes.models import BudgetRound
from delaktig.proposals import services as proposals
from delaktig.proposals.models import Proposal, Report, Support
from delaktig.voting.models import Ballot, Participation
from delaktig.voting.rules import voting_closes_at, voting_has_closed, voting_has_opened
from delaktig.voting.services.casting import locator_for

from .export import personal_data

__all__ = [
    "PurgeCounts",
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
# proposals/README.md: a resolved report keeps its reporter for 12 months, for moderation.
RESOLVED_REPORT_DAYS = 365


def retention_days() -> int:
    return int(getattr(settings, "PERSONAL_DATA_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


def _eligibility_services():
    """The eligibility app's services, or None while they are not written yet."""
    try:
        from delaktig.eligibility import services
    except ImportError:
        return None
    return services


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


@dataclass(frozen=True)
class DeletedAccount:
    proposals: int  # kept, without author
    comments: int  # kept, without author
    supports: int  # deleted
    participations: int  # deleted
    locators: int  # ballots unlinked for good
    reports: int  # kept, without reporter
    images: int = 0  # of the person's proposals: files deleted


def _remove_supports(supports) -> int:
    """Delete the supports and keep every proposal's support_count equal to its rows."""
    per_proposal = supports.order_by().values("proposal_id").annotate(n=Count("pk"))
    for row in per_proposal:
        Proposal.objects.filter(pk=row["proposal_id"]).update(
            support_count=Greatest(F("support_count") - row["n"], 0)
        )
    deleted, _detail = supports.delete()
    return deleted


def _unlink_ballots(user) -> int:
    """Clear the locators of the person's ballots: the ballots stay counted, found by no one."""
    participations = Participation.objects.filter(voter=user).select_related("box")
    locators = [locator_for(p.box, user) for p in participations]
    if not locators:
        return 0
    return Ballot.objects.filter(locator__in=locators).update(locator=None)


def delete_account(*, by) -> DeletedAccount:
    """Delete `by`'s own account. Published proposals and comments stay, without an author;
    ballots stay counted, unlinked; supports and the record of having voted go."""
    with transaction.atomic():
        reason = why_cannot_delete(by)
        if reason:
            raise Conflict(reason)
        summary = DeletedAccount(
            proposals=Proposal.objects.filter(author=by).count(),
            comments=by.comments.count(),
            supports=_remove_supports(Support.objects.filter(user=by)),
            participations=Participation.objects.filter(voter=by).count(),
            locators=_unlink_ballots(by),
            reports=Report.objects.filter(reporter=by).count(),
            images=proposals.forget_user(by),
        )
        eligibility = _eligibility_services()
        if hasattr(eligibility, "forget_user"):
            eligibility.forget_user(by)
        # Only counts: the actor id becomes a pseudonym once the account is gone.
        audit.record(by, "account.deleted", **summary.__dict__)
        by.delete()
    return summary


# --- Retention ---------------------------------------------------------------------------------


@dataclass
class PurgeCounts:
    participations: int = 0
    locators: int = 0
    reports: int = 0
    accounts: int = 0  # voter accounts that existed only for the round's roll, deleted
    # From the eligibility app, by its own names ({"census": 12, "invitations": 3}); None when
    # it could not say (not written yet, or a dry run it cannot do).
    eligibility: dict[str, int] | None = field(default_factory=dict)

    @property
    def total(self) -> int:
        return (
            self.participations
            + self.locators
            + self.reports
            + self.accounts
            + sum((self.eligibility or {}).values())
        )


def due_rounds(*, days: int, now: datetime | None = None):
    """Rounds whose result was published more than `days` days ago."""
    cutoff = (now or timezone.now()) - timedelta(days=days)
    return BudgetRound.objects.filter(result_published_at__lte=cutoff).order_by(
        "result_published_at", "pk"
    )


def _round_reports(budget_round, cutoff):
    return Report.objects.filter(
        Q(proposal__budget_round=budget_round) | Q(comment__proposal__budget_round=budget_round),
        created_at__lte=cutoff,
        reporter__isnull=False,
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
        .filter(is_staff=False, is_superuser=False, is_official=False, is_moderator=False)
        .filter(password__startswith=UNUSABLE_PASSWORD_PREFIX)
        .exclude(elsewhere)
    )


def _delete_accounts(accounts) -> int:
    """Delete the accounts as `delete_account` would (supports lowered, authored texts kept
    without author), without its audit event per person: the round's purge event counts them."""
    _remove_supports(Support.objects.filter(user__in=accounts))
    proposals.forget_users(accounts)  # none expected: these accounts may not propose
    _deleted, per_model = accounts.delete()
    return per_model.get(get_user_model()._meta.label, 0)


def _as_counts(result) -> dict[str, int]:
    if isinstance(result, Mapping):
        return {str(k): int(v) for k, v in result.items()}
    return {"census": int(result or 0)}


def _purge_eligibility(budget_round, *, dry_run: bool) -> dict[str, int] | None:
    """Call `eligibility.services.purge_round` if it exists. When it can count first (dry_run),
    it is called for real only if there is something to delete, so a daily run stays quiet."""
    purge = getattr(_eligibility_services(), "purge_round", None)
    if purge is None:
        return {}
    can_count = "dry_run" in inspect.signature(purge).parameters
    if not can_count:
        return None if dry_run else _as_counts(purge(budget_round))
    counts = _as_counts(purge(budget_round, dry_run=True))
    if dry_run or not any(counts.values()):
        return counts
    return _as_counts(purge(budget_round))


def purge_round(*, budget_round, days: int, dry_run: bool = False, now=None) -> PurgeCounts:
    """Delete or empty the round's personal data that has expired. Ballots, their choices and
    the tally runs are never touched, so the published result can still be recounted.

    Idempotent: a second run finds nothing left and writes no audit event.
    """
    cutoff = (now or timezone.now()) - timedelta(days=days)
    participations = Participation.objects.filter(box__budget_round=budget_round)
    locators = Ballot.objects.filter(box__budget_round=budget_round, locator__isnull=False)
    reports = _round_reports(budget_round, cutoff)
    accounts = roll_only_accounts(budget_round)
    if dry_run:
        return PurgeCounts(
            participations=participations.count(),
            locators=locators.count(),
            reports=reports.count(),
            accounts=accounts.count(),
            eligibility=_purge_eligibility(budget_round, dry_run=True),
        )
    with transaction.atomic():
        # In this order: the accounts are found through the roll, which the eligibility purge
        # deletes; deleting them first also unlinks their invitations (SET_NULL).
        counts = PurgeCounts(
            participations=participations.delete()[0],
            locators=locators.update(locator=None),
            reports=reports.update(reporter=None),
            accounts=_delete_accounts(accounts),
            eligibility=_purge_eligibility(budget_round, dry_run=False),
        )
        if counts.total:
            audit.record(
                None,
                "privacy.round_purged",
                budget_round,
                days=days,
                participations=counts.participations,
                locators=counts.locators,
                reports=counts.reports,
                accounts=counts.accounts,
                eligibility=counts.eligibility or {},
            )
    return counts


def purge_resolved_reports(*, dry_run: bool = False, now=None) -> int:
    """Empty the reporter of reports resolved more than 12 months ago, in any round."""
    cutoff = (now or timezone.now()) - timedelta(days=RESOLVED_REPORT_DAYS)
    reports = Report.objects.filter(resolved_at__lte=cutoff, reporter__isnull=False)
    if dry_run:
        return reports.count()
    with transaction.atomic():
        emptied = reports.update(reporter=None)
        if emptied:
            audit.record(None, "privacy.reports_purged", reports=emptied)
    return emptied
