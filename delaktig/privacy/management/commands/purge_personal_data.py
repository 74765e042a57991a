"""Delete the personal data of rounds whose result was published long enough ago.

    python manage.py purge_personal_data [--days N] [--dry-run]

Run daily. Idempotent: a second run finds nothing and writes no audit event.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from delaktig.associations import personal_data as associations
from delaktig.eligibility import services as eligibility
from delaktig.meetings import personal_data as meetings
from delaktig.privacy import services


def _part(label: str, n: int) -> str:
    """One count of the purge, in words, by the label the app gave it."""
    if label == "participations":
        return ngettext("%(n)d participation", "%(n)d participations", n) % {"n": n}
    if label == "locators":
        return ngettext("%(n)d ballot locator", "%(n)d ballot locators", n) % {"n": n}
    if label == "reports":
        return ngettext("%(n)d reporter name", "%(n)d reporter names", n) % {"n": n}
    if label == "census":
        return ngettext("%(n)d voter roll row", "%(n)d voter roll rows", n) % {"n": n}
    if label == "invitations":
        return ngettext("%(n)d invitation", "%(n)d invitations", n) % {"n": n}
    if label == "survey_exports":
        return ngettext("%(n)d exported answer file", "%(n)d exported answer files", n) % {"n": n}
    if label == "survey_respondents":
        return ngettext(
            "%(n)d record of who answered a survey", "%(n)d records of who answered a survey", n
        ) % {"n": n}
    if label == "survey_locators":
        return ngettext("%(n)d survey answer locator", "%(n)d survey answer locators", n) % {"n": n}
    if label == "survey_drafts":
        return ngettext("%(n)d unsent survey draft", "%(n)d unsent survey drafts", n) % {"n": n}
    if label == "follow_up_addresses":
        return ngettext(
            "%(n)d e-mail address left for feedback", "%(n)d e-mail addresses left for feedback", n
        ) % {"n": n}
    if label == "follows_by_email":
        return ngettext(
            "%(n)d e-mail address following the round",
            "%(n)d e-mail addresses following the round",
            n,
        ) % {"n": n}
    if label == "free_text_answers":
        return ngettext("%(n)d free-text answer emptied", "%(n)d free-text answers emptied", n) % {
            "n": n
        }
    if label == "meeting_registrations":
        return ngettext(
            "%(n)d meeting registration emptied", "%(n)d meeting registrations emptied", n
        ) % {"n": n}
    if label == "meeting_invitations":
        return ngettext(
            "%(n)d meeting invitation emptied", "%(n)d meeting invitations emptied", n
        ) % {"n": n}
    if label == "association_invitation_addresses":
        return ngettext(
            "%(n)d address an association was invited at",
            "%(n)d addresses associations were invited at",
            n,
        ) % {"n": n}
    if label == "unconfirmed_applications":
        return ngettext(
            "%(n)d unconfirmed association application",
            "%(n)d unconfirmed association applications",
            n,
        ) % {"n": n}
    if label == "decided_applications":
        return ngettext(
            "%(n)d decided association application emptied",
            "%(n)d decided association applications emptied",
            n,
        ) % {"n": n}
    if label == "accounts":
        return ngettext(
            "%(n)d account made only for voting", "%(n)d accounts made only for voting", n
        ) % {"n": n}
    return f"{n} {label}"


def describe(counts: dict[str, int]) -> str:
    """The counts in the order the apps gave them (privacy.owners.OWNERS, accounts last)."""
    return ", ".join(_part(label, n) for label, n in counts.items())


class Command(BaseCommand):
    help = "Deletes the personal data of rounds whose result was published more than N days ago."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Days after the result was published (default: PERSONAL_DATA_RETENTION_DAYS).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be deleted; change nothing."
        )

    def handle(self, *args, **options):
        # Reports are for the municipality's staff: in the site's language (Swedish).
        with translation.override(settings.LANGUAGE_CODE):
            self._purge(days=options["days"], dry_run=options["dry_run"])

    def _purge(self, *, days, dry_run):
        days = services.retention_days() if days is None else days
        if days < 0:
            raise CommandError(_("--days cannot be negative."))
        if dry_run:
            self.stdout.write(_("Dry run: nothing is deleted."))
        rounds = list(services.due_rounds(days=days))
        for budget_round in rounds:
            counts = services.purge_round(budget_round=budget_round, days=days, dry_run=dry_run)
            self.stdout.write(f"{budget_round.name}: {describe(counts)}")
        reports = services.purge_resolved_reports(dry_run=dry_run)
        self.stdout.write(
            ngettext(
                "Reports handled more than 12 months ago: %(n)d reporter name",
                "Reports handled more than 12 months ago: %(n)d reporter names",
                reports,
            )
            % {"n": reports}
        )
        files = eligibility.purge_roll_files(dry_run=dry_run)
        self.stdout.write(
            ngettext(
                "Uploaded voter roll files older than a day: %(n)d",
                "Uploaded voter roll files older than a day: %(n)d",
                files,
            )
            % {"n": files}
        )
        counts = meetings.purge_past_meetings(dry_run=dry_run)
        self.stdout.write(
            ngettext(
                "Meetings that ended more than %(days)d day ago: %(counts)s",
                "Meetings that ended more than %(days)d days ago: %(counts)s",
                meetings.retention_days(),
            )
            % {"days": meetings.retention_days(), "counts": describe(counts)}
        )
        register = associations.purge_expired(dry_run=dry_run)
        self.stdout.write(_("Association register: %(counts)s") % {"counts": describe(register)})
        if not rounds:
            self.stdout.write(
                ngettext(
                    "No round had its result published more than %(days)d day ago.",
                    "No round had its result published more than %(days)d days ago.",
                    days,
                )
                % {"days": days}
            )
