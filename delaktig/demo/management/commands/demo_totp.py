"""Prints the current authenticator code of the demo's administrator (development only)."""

from django.core.management.base import BaseCommand

from delaktig.accounts.second_factor import totp_code

from .load_demo import ACCOUNTS, DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current authenticator code of admin@demo.delaktig.se (demo only)."

    def handle(self, *args, **options):
        self.stdout.write(f"{ACCOUNTS[-1][0]}: {totp_code(DEMO_TOTP_SECRET)}")
