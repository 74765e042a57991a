import pytest

from delaktig.processes.tests.factories import round_in_phase

pytestmark = pytest.mark.django_db


def test_superuser_does_not_bypass_phase_rules(admin_user):
    budget_round = round_in_phase("vote")
    assert not admin_user.has_perm("results.count", budget_round)
    budget_round = round_in_phase("result")
    assert admin_user.has_perm("results.count", budget_round)


def test_superuser_keeps_django_model_permissions(admin_user):
    assert admin_user.has_perm("accounts.change_user")
