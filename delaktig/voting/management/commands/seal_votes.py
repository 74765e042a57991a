"""Seal the ballot boxes whose voting has closed: clear the locators and rewrite the ballots
in random order (voting.services.seal_box). Run it every few minutes (cron or a systemd
timer) so that no link from voters to ballots outlives the close by more than that."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from delaktig.voting.models import BallotBox
from delaktig.voting.rules import voting_has_closed
from delaktig.voting.services.sealing import compact_ballot_storage, seal_box


class Command(BaseCommand):
    help = "Clear ballot locators and rewrite ballots in random order once voting has closed."

    def handle(self, *args, **options):
        sealed = 0
        boxes = BallotBox.objects.select_related("budget_round").prefetch_related(
            "budget_round__phases"
        )
        for box in boxes:
            if voting_has_closed(box.budget_round):
                sealed += 1 if seal_box(box=box) else 0
        if sealed:
            compact_ballot_storage()
        self.stdout.write(_("Sealed %(count)d ballot boxes.") % {"count": sealed})
