"""Personal data: what Delaktig holds about a person, deleting an account, and retention.

The privacy app sits at the top of the layers, so it reads every app's models. It writes to
other apps' models only here, for the one purpose those apps leave to it: forgetting people.
"""

import inspect
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Greatest
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from delaktig.audit import services as audit
from delaktig.core.errors import Conflict
from delaktig.processes.models import BudgetRound
from delaktig.proposals.models import Proposal, Report, Support
from delaktig.voting.models import Ballot, Participation
from delaktig.voting.rules import voting_closes_at, voting_has_closed, voting_has_opened
from delaktig.voting.services import locator_for

from .export import personal_data

__all__ = [
    "PurgeCounts",
    "delete_account",
    "due_rounds",
    "personal_data",
    "purge_resolved_reports",
    "purge_round",
    "retention_days",
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


def _remove_supports(user) -> int:
    """Delete the person's supports and keep every proposal's support_count equal to its rows."""
    supports = Support.objects.filter(user=user)
    proposal_ids = list(supports.values_list("proposal_id", flat=True))
    Proposal.objects.filter(pk__in=proposal_ids).update(
        support_count=Greatest(F("support_count") - 1, 0)
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
            supports=_remove_supports(by),
            participations=Participation.objects.filter(voter=by).count(),
            locators=_unlink_ballots(by),
            reports=Report.objects.filter(reporter=by).count(),
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
    # From the eligibility app, by its own names ({"census": 12, "invitations": 3}); None when
    # it could not say (not written yet, or a dry run it cannot do).
    eligibility: dict[str, int] | None = field(default_factory=dict)

    @property
    def total(self) -> int:
        return (
            self.participations
            + self.locators
            + self.reports
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
    if dry_run:
        return PurgeCounts(
            participations=participations.count(),
            locators=locators.count(),
            reports=reports.count(),
            eligibility=_purge_eligibility(budget_round, dry_run=True),
        )
    with transaction.atomic():
        counts = PurgeCounts(
            participations=participations.delete()[0],
            locators=locators.update(locator=None),
            reports=reports.update(reporter=None),
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
