import pytest

from delaktig.core.errors import InvalidInput, NotAllowed
from delaktig.following import registry, services
from delaktig.following.models import Follow

from .helpers import draft_round, proposal_factory, round_factory

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
    draft = draft_round()
    with pytest.raises(NotAllowed, match="inte offentligt"):
        services.follow(by=resident, target=draft)
    assert not Follow.objects.exists()


@pytest.mark.parametrize("status", ["hidden", "pending", "withdrawn"])
def test_a_proposal_nobody_may_see_cannot_be_followed(resident, status):
    proposal = proposal_factory(status=status)
    with pytest.raises(NotAllowed, match="inte offentligt"):
        services.follow(by=resident, target=proposal)
    with pytest.raises(NotAllowed, match="inte offentligt"):
        services.ask_by_email(email="a@example.se", target=proposal)
    assert not Follow.objects.exists()


def test_a_proposal_in_a_draft_round_cannot_be_followed(resident):
    proposal = proposal_factory(budget_round=draft_round())
    with pytest.raises(NotAllowed):
        services.follow(by=resident, target=proposal)


def test_following_needs_an_account_that_mail_reaches(db):
    from delaktig.accounts.tests.factories import UserFactory

    code_voter = UserFactory(email="kod-1@inbjudan.invalid")
    with pytest.raises(NotAllowed, match="e-postadress"):
        services.follow(by=code_voter, target=round_factory())
