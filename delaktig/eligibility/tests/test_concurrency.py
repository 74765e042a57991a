"""A code used from two browsers at once is used once: one voter account, one first use.

Needs real concurrent transactions, so PostgreSQL only:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/delaktig pytest -m postgres delaktig/eligibility
"""

import pytest

from delaktig.accounts.models import User
from delaktig.audit.models import AuditEvent
from delaktig.core.tests.concurrency import POSTGRES_ONLY, run_at_once
from delaktig.eligibility.models import Invitation
from delaktig.eligibility.services import code_use

from .factories import invitation_with_code

pytestmark = POSTGRES_ONLY


@pytest.mark.parametrize("browsers", [2, 20])
def test_a_code_used_at_once_creates_one_voter(make_round, browsers):
    budget_round = make_round("vote")
    invitation, code = invitation_with_code(budget_round=budget_round, email="alva@example.se")
    users_before = User.objects.count()
    results, errors = run_at_once(
        [lambda: code_use.redeem_code(code=code).voter_id for _ in range(browsers)]
    )
    assert not errors, errors
    assert len(results) == browsers and len(set(results)) == 1
    assert User.objects.count() == users_before + 1
    invitation.refresh_from_db()
    assert invitation.voter_id == results[0] and invitation.used_at is not None
    assert AuditEvent.objects.filter(action="invitation.used").count() == 1
    assert Invitation.objects.filter(voter_id=results[0]).count() == 1


def test_two_browsers_through_the_web(make_round):
    from django.test import Client
    from django.urls import reverse

    budget_round = make_round("vote")
    invitation, code = invitation_with_code(budget_round=budget_round)
    url = reverse("eligibility:enter")
    results, errors = run_at_once(
        [lambda: Client().post(url, {"code": code}).status_code for _ in range(2)]
    )
    assert not errors and results == [302, 302]
    invitation.refresh_from_db()
    assert User.objects.filter(invitations=invitation).count() == 1
