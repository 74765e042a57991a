"""The apps that keep personal data, and what happens to every field that points at a person.

Each app in `OWNERS` has a `personal_data` module with the same contract:

    forget_user(*, user) -> dict[str, int]
        Before the account is deleted: delete or unlink what the app keeps about the person,
        keeping its own invariants (support counts, ballot locators). Counts by label.
    forget_users(*, users) -> dict[str, int]
        The same for a list of accounts at once (the purge's roll-only accounts: set-based,
        since one by one cost 15 ms an account on PostgreSQL). `forget_user` calls it.
    purge(*, process, cutoff, dry_run=False) -> dict[str, int]
        The retention purge of a process (today a budget round) whose result was published
        long enough ago: delete or empty what has expired; data made after `cutoff` may stay.
        `dry_run` counts what would go and changes nothing. Counts by label.
    export_user(*, user) -> dict
        The person's own data, for the right of access, by section ("proposals", …).
    USER_FIELDS
        The fields pointing at a person ("app_label.Model.field") that `forget_user` empties.

Labels are distinct across apps ("participations", "supports", "census", …), so the counts of
all apps make one dict: the audit event's details and the purge command's line. The same holds
for the sections of the export.

The privacy app writes to no other app's tables: it only calls these, in this order. Accounts
last: once every other app has forgotten the person, the account goes.
"""

from delaktig.accounts import personal_data as accounts
from delaktig.associations import personal_data as associations
from delaktig.eligibility import personal_data as eligibility
from delaktig.following import personal_data as following
from delaktig.forums import personal_data as forums
from delaktig.meetings import personal_data as meetings
from delaktig.proposals import personal_data as proposals
from delaktig.surveys import personal_data as surveys
from delaktig.voting import personal_data as voting

OWNERS = (
    voting,
    surveys,
    forums,
    meetings,
    proposals,
    associations,
    following,
    eligibility,
    accounts,
)

# The fields pointing at a person that no app's `forget_user` touches: the field's `on_delete`
# decides when the account goes, for the reason given (a test checks this list is complete).
LEFT_TO_ON_DELETE = {
    "audit.AuditEvent.actor": "the log is append-only and kept for ever; the id stays as a "
    "pseudonym (DO_NOTHING, no database constraint)",
    "processes.BudgetRound.created_by": "an official's act on a public record; emptied (SET_NULL)",
    "processes.BudgetRound.officials": "the round's owners; the person leaves the list with the "
    "account",
    "approvals.Approval.requested_by": "a four-eyes step of an official; emptied (SET_NULL)",
    "approvals.Approval.decided_by": "a four-eyes step of an official; emptied (SET_NULL)",
    "eligibility.RollFile.requested_by": "an official's upload or code sheet; emptied (SET_NULL)",
    "eligibility.RollFile.approved_by": "an official's approval; emptied (SET_NULL)",
    "proposals.Report.resolved_by": "a moderator's decision; emptied (SET_NULL)",
    "forums.Thread.created_by": "an official's question on a public record; emptied (SET_NULL)",
    "forums.Thread.closed_by": "the official who closed a thread; emptied (SET_NULL)",
    "assessments.Assessment.assessed_by": "a case officer's verdict on a public record; emptied "
    "(SET_NULL)",
    "voting.PaperStation.registered_by": "an official's record of a voting station; emptied "
    "(SET_NULL)",
    "voting.PaperBallot.first_by": "the official who typed a paper ballot; emptied (SET_NULL)",
    "voting.PaperBallot.second_by": "the official who typed a paper ballot; emptied (SET_NULL)",
    "voting.PaperBallot.resolved_by": "the official who typed a paper ballot; emptied (SET_NULL)",
    "surveys.Survey.created_by": "an official's act on a public record; emptied (SET_NULL)",
    "surveys.Quote.checked_by": "the official who checked a quote for personal data; emptied "
    "(SET_NULL)",
    "dialogue.ReportVersion.published_by": "an official's act on a public record; emptied "
    "(SET_NULL)",
    "dialogue.Feedback.published_by": "an official's act on a public record; emptied (SET_NULL)",
    "surveys.SurveyExport.requested_by": "the official who asked for an export of answers; "
    "emptied (SET_NULL), and the export is deleted after a day",
    "meetings.Meeting.created_by": "an official's act on a public record; emptied (SET_NULL)",
    "meetings.Invitation.invited_by": "the official who sent an invitation; emptied (SET_NULL)",
    "results.TallyRun.created_by": "the official who counted; the published run stays (SET_NULL)",
    "followup.Decision.recorded_by": "the official who recorded the political decision; emptied "
    "(SET_NULL)",
    "followup.Project.responsible": "the official named responsible for a project on its public "
    "page; emptied (SET_NULL)",
    "followup.StatusChange.changed_by": "an official's act on a public record; emptied (SET_NULL)",
    "followup.ProjectUpdate.author": "the official who wrote a progress update; emptied (SET_NULL)",
    "goals.Goal.created_by": "an official's act on a public record; emptied (SET_NULL)",
    "council.CouncilReport.requested_by": "the official who asked for a council report; emptied "
    "(SET_NULL)",
    "council.CouncilReport.published_by": "an official's act on a public record; emptied "
    "(SET_NULL)",
    "associations.Application.decided_by": "an official's decision on a register entry; emptied "
    "(SET_NULL)",
    "associations.Invitation.invited_by": "the official who invited an association; emptied "
    "(SET_NULL)",
    "pages.PageVersion.created_by": "an official's version of a public page; emptied (SET_NULL)",
}


def forget_user(user) -> dict[str, int]:
    """Every app forgets the person, in order; the account goes last. Counts by label."""
    counts: dict[str, int] = {}
    for owner in OWNERS:
        counts.update(owner.forget_user(user=user))
    return counts


def forget_users(users: list) -> dict[str, int]:
    """Every app forgets these people (a list, not a query that forgetting would change), in
    order; the accounts go last. Counts by label."""
    counts: dict[str, int] = {}
    for owner in OWNERS:
        counts.update(owner.forget_users(users=users))
    return counts


def purge(process, *, cutoff, dry_run: bool = False) -> dict[str, int]:
    """Every app's retention purge of the process, in order. Counts by label."""
    counts: dict[str, int] = {}
    for owner in OWNERS:
        counts.update(owner.purge(process=process, cutoff=cutoff, dry_run=dry_run))
    return counts
