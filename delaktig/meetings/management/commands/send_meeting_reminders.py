"""Queue the reminders of meetings that start tomorrow.

    python manage.py send_meeting_reminders

Run on a timer, hourly (a systemd timer or cron next to `seal_votes`): each registration is
reminded once, so a run that finds nothing new changes nothing. The e-mail itself goes through
the task queue (`db_worker`).
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import ngettext

from delaktig.meetings import services


class Command(BaseCommand):
    help = "Queues a reminder to everyone registered for a meeting that starts tomorrow."

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            n = services.send_reminders()
            self.stdout.write(
                ngettext("%(n)d reminder queued.", "%(n)d reminders queued.", n) % {"n": n}
            )
