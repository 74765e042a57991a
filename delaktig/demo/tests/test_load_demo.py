"""The demo loads through the platform's own services, and shows what it says it shows."""

import pytest
from django.core.management import call_command

from delaktig.eligibility.models import Invitation
from delaktig.processes.models import BudgetRound
from delaktig.proposals.models import Proposal

pytestmark = pytest.mark.django_db


def test_the_torsby_youth_round_uses_an_age_limit_and_codes_that_propose(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "A pupil's voting code for the Torsby round" in out
    torsby = BudgetRound.objects.get(name="Ungas park i Torsby")
    settings = torsby.eligibility_settings
    assert (settings.use_invitations, settings.min_age, settings.max_age) == (True, 10, 19)
    assert settings.codes_may_propose
    assert Invitation.objects.filter(budget_round=torsby).exclude(code_hash="").count() == 6
    statuses = sorted(Proposal.objects.filter(budget_round=torsby).values_list("status", flat=True))
    assert statuses == ["pending", "published", "published"]
    assert not Proposal.objects.filter(budget_round=torsby, author_name_shown=True).exists()
    call_command("load_demo")  # a second run changes nothing
    assert BudgetRound.objects.filter(name="Ungas park i Torsby").count() == 1
