"""Send the daily digests of what people follow (following.digest.send_digests): one e-mail
per person per day at most, with what happened since they were last told. Run it once a day
(cron or a systemd timer, e.g. at 07:00); running it again the same day sends nothing more."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from delaktig.following.digest import send_digests


class Command(BaseCommand):
    help = "Send today's e-mail to people who follow rounds, proposals and projects."

    def handle(self, *args, **options):
        counts = send_digests()
        self.stdout.write(
            _(
                "Sent %(sent)d e-mails; %(nothing)d had nothing new, %(already)d were already "
                "told today, %(failed)d could not be sent."
            )
            % counts
        )
