"""Role × phase matrix for the assessment permissions."""

import pytest
from django.contrib.auth.models import AnonymousUser

from delaktig.proposals.tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident", "author", "official", "moderator", "admin"]
PHASES = [None, "inform", "propose", "assess", "vote", "result", "follow_up"]
OFFICIALS = {"official", "admin"}


def expected(perm, role, phase):
    if perm == "assessments.view_assessment_queue":
        return role in OFFICIALS
    if perm == "assessments.assess_proposal":
        return role in OFFICIALS and phase in {"propose", "assess"}
    if perm == "assessments.publish_assessments":
        return role in OFFICIALS and phase == "assess"
    raise AssertionError(perm)


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "perm",
    [
        "assessments.view_assessment_queue",
        "assessments.assess_proposal",
        "assessments.publish_assessments",
    ],
)
def test_matrix(perm, role, phase, make_round, request):
    budget_round = make_round(phase)
    proposal = ProposalFactory(budget_round=budget_round)
    if role == "anonymous":
        user = AnonymousUser()
    elif role == "author":
        user = proposal.author
    else:
        user = request.getfixturevalue("admin_user" if role == "admin" else role)
    obj = proposal if perm == "assessments.assess_proposal" else budget_round
    assert user.has_perm(perm, obj) is expected(perm, role, phase)
