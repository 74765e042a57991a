"""find_voter at a paper-voting station: e-mail, personnummer (census) or voting code."""

import pytest

from delaktig.accounts.models import User
from delaktig.audit.models import AuditEvent
from delaktig.core.personnummer import keyed_hash
from delaktig.eligibility.lookup import find_voter
from delaktig.eligibility.services import code_use, issuing, personal_data
from delaktig.processes.timeline import move_to

from .factories import ANNA, CensusEntryFactory, invitation_with_code

pytestmark = pytest.mark.django_db


def test_by_email(make_round, resident):
    assert find_voter(make_round("vote"), f"  {resident.email.upper()} ") == resident
    assert find_voter(make_round("vote"), "nobody@example.se") is None


def test_by_personnummer_creates_one_voter_on_first_use(make_round, official):
    budget_round = make_round("vote")
    CensusEntryFactory(budget_round=budget_round)
    voter = find_voter(budget_round, "19811228-9874", by=official)
    assert voter.personnummer_hash == keyed_hash(ANNA)
    assert not voter.has_usable_password()
    assert voter.email.endswith("@rostlangd.invalid")
    assert find_voter(budget_round, "8112289874", by=official) == voter
    assert User.objects.filter(personnummer_hash=keyed_hash(ANNA)).count() == 1
    event = AuditEvent.objects.get(action="census.voter_created")
    # The official and the round; never the account, which would say who came to vote.
    assert event.actor == official and event.round_id == budget_round.pk
    assert event.object_type == "processes.budgetround" and event.data == {}


def test_personnummer_finds_the_e_id_account(make_round):
    budget_round = make_round("vote")
    CensusEntryFactory(budget_round=budget_round)
    e_id = User.objects.create_user("anna@example.se", personnummer_hash=keyed_hash(ANNA))
    assert find_voter(budget_round, ANNA) == e_id


def test_personnummer_not_in_this_census_or_invalid(make_round):
    budget_round = make_round("vote")
    CensusEntryFactory(budget_round=make_round("vote"))  # another round's census
    assert find_voter(budget_round, ANNA) is None
    assert find_voter(budget_round, "811228-9875") is None
    assert not User.objects.filter(personnummer_hash__isnull=False).exists()


def test_by_voting_code(make_round, official):
    budget_round = make_round("vote")
    invitation, code = invitation_with_code(budget_round=budget_round, name="Alva")
    voter = find_voter(budget_round, code.lower())
    invitation.refresh_from_db()
    assert voter == invitation.voter and voter.full_name == "Alva"
    assert find_voter(make_round("vote"), code) is None  # another round
    move_to(budget_round, "assess")  # the roll can change only before voting opens
    issuing.revoke_invitation(by=official, invitation=invitation)
    move_to(budget_round, "vote")
    assert find_voter(budget_round, code) is None
    assert find_voter(budget_round, "nonsense") is None


def test_personal_data_and_forgetting(make_round):
    budget_round = make_round("vote")
    CensusEntryFactory(budget_round=budget_round)
    invitation, code = invitation_with_code(budget_round=budget_round, name="Alva")
    voter = code_use.redeem_code(code=code).voter
    voter.personnummer_hash = keyed_hash(ANNA)
    voter.save()
    kinds = [row["kind"] for row in personal_data.personal_data_for(voter)]
    assert kinds == ["invitation", "census"]
    assert "personnummer" not in str(personal_data.personal_data_for(voter))
    assert personal_data.forget_user(voter) == 1
    invitation.refresh_from_db()
    assert invitation.voter is None
