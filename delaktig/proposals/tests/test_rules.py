"""Role × phase matrix for the proposals permissions. Most cases are refusals."""

import pytest
from django.contrib.auth.models import AnonymousUser

from delaktig.accounts.tests.factories import UnitFactory
from delaktig.proposals.models import ProposalStatus

from .factories import ProposalFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident", "author", "official", "moderator", "admin"]
PHASES = [None, "inform", "propose", "assess", "vote", "result", "follow_up"]
SIGNED_IN = {"resident", "author", "official", "moderator", "admin"}


def expected(perm, role, phase) -> bool:
    if perm == "proposals.add_proposal":
        return role in SIGNED_IN and phase == "propose"
    if perm in {"proposals.change_proposal", "proposals.delete_proposal"}:
        return role == "author" and phase == "propose"
    if perm == "proposals.comment_proposal":
        return role in SIGNED_IN and phase in {"inform", "propose", "assess", "vote", "result"}
    if perm == "proposals.support_proposal":
        return role in SIGNED_IN and phase == "propose"
    if perm == "proposals.report_proposal":
        return role in SIGNED_IN
    if perm == "proposals.moderate":
        return role in {"moderator", "admin"}
    if perm == "proposals.merge_proposal":
        return role in {"official", "admin"} and phase in {"propose", "assess"}
    raise AssertionError(perm)


def user_for(role, request, author):
    if role == "anonymous":
        return AnonymousUser()
    if role == "author":
        return author
    if role == "admin":
        return request.getfixturevalue("admin_user")
    return request.getfixturevalue(role)


PERMS = [
    "proposals.add_proposal",
    "proposals.change_proposal",
    "proposals.delete_proposal",
    "proposals.comment_proposal",
    "proposals.support_proposal",
    "proposals.report_proposal",
    "proposals.moderate",
    "proposals.merge_proposal",
]


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("perm", PERMS)
def test_matrix(perm, role, phase, make_round, request):
    budget_round = make_round(phase)
    proposal = ProposalFactory(budget_round=budget_round)
    user = user_for(role, request, proposal.author)
    obj = budget_round if perm in {"proposals.add_proposal", "proposals.moderate"} else proposal
    assert user.has_perm(perm, obj) is expected(perm, role, phase)


def test_matrix_has_more_refusals_than_grants():
    cases = [expected(p, r, ph) for p in PERMS for r in ROLES for ph in PHASES]
    assert cases.count(False) > 2 * cases.count(True)


@pytest.mark.parametrize(
    "perm",
    [
        "proposals.change_proposal",
        "proposals.delete_proposal",
        "proposals.comment_proposal",
        "proposals.support_proposal",
    ],
)
@pytest.mark.parametrize(
    "status", [ProposalStatus.WITHDRAWN, ProposalStatus.HIDDEN, ProposalStatus.MERGED]
)
def test_closed_proposals_allow_nothing(perm, status, make_round):
    proposal = ProposalFactory(budget_round=make_round("propose"), status=status)
    assert not proposal.author.has_perm(perm, proposal)


def test_not_eligible_cannot_submit_or_support(make_round, resident):
    budget_round = make_round("propose", eligibility="unit", unit=UnitFactory())
    proposal = ProposalFactory(budget_round=budget_round)
    assert not resident.has_perm("proposals.add_proposal", budget_round)
    assert not resident.has_perm("proposals.support_proposal", proposal)
    resident.units.add(budget_round.unit)
    assert resident.has_perm("proposals.add_proposal", budget_round)


def test_draft_round_allows_no_submission(make_round, admin_user, official):
    budget_round = make_round("propose", status="draft")
    assert not admin_user.has_perm("proposals.add_proposal", budget_round)
    assert not official.has_perm("proposals.add_proposal", budget_round)


def test_people_signed_in_with_a_voting_code_may_vote_but_not_propose_or_support(resident):
    from delaktig.eligibility.tests.factories import InvitationFactory
    from delaktig.processes.tests.factories import round_in_phase
    from delaktig.proposals.tests.factories import ProposalFactory

    budget_round = round_in_phase("propose")
    InvitationFactory(budget_round=budget_round, voter=resident)
    proposal = ProposalFactory(budget_round=budget_round)
    assert not resident.has_perm("proposals.add_proposal", budget_round)
    assert not resident.has_perm("proposals.support_proposal", proposal)
