import pytest

from delaktig.core.errors import InvalidInput, NotAllowed
from delaktig.following import registry, services
from delaktig.following.models import Follow
from delaktig.processes.models import RoundStatus
from delaktig.processes.tests.factories import BudgetRoundFactory
from delaktig.proposals.models import ProposalStatus
from delaktig.proposals.tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def test_processes_and_proposals_register_themselves():
    kinds = registry.registered()
    assert kinds["process"].model._meta.label == "processes.BudgetRound"
    assert kinds["proposal"].model._meta.label == "proposals.Proposal"


def test_an_unknown_kind_is_refused_with_a_sentence():
    with pytest.raises(InvalidInput, match="går inte att följa"):
        registry.by_key("nonsense")


def test_an_object_of_a_kind_nobody_registered_is_refused(resident):
    with pytest.raises(InvalidInput, match="går inte att följa"):
        registry.for_object(resident)


def test_a_draft_round_cannot_be_followed(resident):
    draft = BudgetRoundFactory(status=RoundStatus.DRAFT, published_at=None)
    with pytest.raises(NotAllowed, match="inte offentligt"):
        services.follow(by=resident, target=draft)
    assert not Follow.objects.exists()


@pytest.mark.parametrize(
    "status", [ProposalStatus.HIDDEN, ProposalStatus.PENDING, ProposalStatus.WITHDRAWN]
)
def test_a_proposal_nobody_may_see_cannot_be_followed(resident, status):
    proposal = ProposalFactory(status=status)
    with pytest.raises(NotAllowed, match="inte offentligt"):
        services.follow(by=resident, target=proposal)
    with pytest.raises(NotAllowed, match="inte offentligt"):
        services.ask_by_email(email="a@example.se", target=proposal)
    assert not Follow.objects.exists()


def test_a_proposal_in_a_draft_round_cannot_be_followed(resident):
    proposal = ProposalFactory(
        budget_round=BudgetRoundFactory(status=RoundStatus.DRAFT, published_at=None)
    )
    with pytest.raises(NotAllowed):
        services.follow(by=resident, target=proposal)


def test_following_needs_an_account_that_mail_reaches(db):
    from delaktig.accounts.tests.factories import UserFactory

    code_voter = UserFactory(email="kod-1@inbjudan.invalid")
    with pytest.raises(NotAllowed, match="e-postadress"):
        services.follow(by=code_voter, target=BudgetRoundFactory())
