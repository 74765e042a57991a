"""Seal the surveys that have closed: delete unsent drafts, clear the locators and rewrite the
responses in random order (surveys.services.sealing.seal_survey). Run it with `seal_votes`,
every few minutes (cron or a systemd timer), so that no link from respondents to their answers
outlives the close by more than that. It also deletes exported answer files older than a day."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from delaktig.surveys.exports import delete_old_exports
from delaktig.surveys.models import Survey
from delaktig.surveys.services.sealing import compact_survey_storage, seal_survey


class Command(BaseCommand):
    help = "Clear survey locators and rewrite responses in random order once a survey has closed."

    def handle(self, *args, **options):
        sealed = 0
        surveys = Survey.objects.select_related("process").prefetch_related("process__phases")
        for survey in surveys:
            if survey.has_closed():
                sealed += 1 if seal_survey(survey=survey) else 0
        if sealed:
            compact_survey_storage()
        # Exported answer files last a day, whether or not anyone asks for a new export.
        delete_old_exports()
        self.stdout.write(_("Sealed %(count)d surveys.") % {"count": sealed})
