"""The demo's elected member and the Nässjö round's council report (issue 13)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from delaktig.accounts.models import User
from delaktig.council.models import CouncilReport

pytestmark = pytest.mark.django_db


def test_the_elected_member_finds_the_nassjo_council_report_waiting(client, capsys):
    call_command("load_demo")
    assert "fortroendevald@demo.delaktig.se" in capsys.readouterr().out
    elected = User.objects.get(email="fortroendevald@demo.delaktig.se")
    assert elected.is_elected_member and not elected.is_official
    assert elected.check_password("demo-delaktig")
    report = CouncilReport.objects.get(budget_round__name="Medborgarbudget Nässjö 2025")
    assert report.status == "ready" and report.pdf and report.published_at is None
    assert report.figures["voters"] > 0
    client.force_login(elected)
    page = client.get(reverse("council:start")).content.decode()
    assert reverse("council:download", args=[report.budget_round.slug, 1]) in page
