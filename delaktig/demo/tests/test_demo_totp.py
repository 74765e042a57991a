"""The demo's administrator gets past the required second factor with a published secret."""

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import call_command

from delaktig.accounts.second_factor import totp_code
from delaktig.accounts.tests.factories import UserFactory
from delaktig.demo.management.commands.load_demo import DEMO_TOTP_SECRET, Command

pytestmark = pytest.mark.django_db


def test_the_demo_admin_gets_the_published_authenticator_and_its_code_is_printed(capsys):
    admin = UserFactory(email="admin@demo.delaktig.se", is_superuser=True, is_staff=True)
    Command().set_up_admin_totp()
    Command().set_up_admin_totp()  # again on every `make run`: still one
    assert Authenticator.objects.filter(user=admin, type="totp").count() == 1
    call_command("demo_totp")
    assert capsys.readouterr().out.strip().endswith(totp_code(DEMO_TOTP_SECRET))
