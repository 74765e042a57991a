"""Role × phase matrices for the voting permissions.

The rules are asked directly (`rules.has_perm`): Django's `user.has_perm` says yes to every
superuser, but an administrator votes like anyone else, only in the voting phase. Services ask
`why_not("voting.cast_ballot", ...)`, the same declaration, so the matrix checks both.
"""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from delaktig.accounts.tests.factories import DistrictFactory, UserFactory
from delaktig.core.permissions import why_not
from delaktig.processes.tests.factories import AreaFactory, budget_phases

from .factories import BallotBoxFactory, something_on_ballot

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident", "official", "moderator", "admin"]
PHASES = [None, *budget_phases()]


@pytest.fixture
def users(resident, official, moderator, admin_user):
    return {
        "anonymous": AnonymousUser(),
        "resident": resident,
        "official": official,
        "moderator": moderator,
        "admin": admin_user,
    }


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_cast_ballot_matrix(users, make_round, role, phase):
    box = something_on_ballot(BallotBoxFactory(budget_round=make_round(phase)))
    expected = role != "anonymous" and phase == "vote"
    assert rules.has_perm("voting.cast_ballot", users[role], box) is expected
    assert (why_not("voting.cast_ballot", users[role], box) is None) is expected


@pytest.mark.parametrize("role", ROLES)
def test_no_one_votes_in_a_draft_round(users, make_round, role):
    box = BallotBoxFactory(budget_round=make_round("vote", status="draft"))
    assert not rules.has_perm("voting.cast_ballot", users[role], box)


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("role", ROLES)
def test_manage_ballotbox_matrix(users, make_round, role, phase):
    budget_round = make_round(phase)
    expected = role in {"official", "admin"}
    assert users[role].has_perm("voting.manage_ballotbox", budget_round) is expected


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("role", ["anonymous", "resident", "official"])
def test_vote_counts_only_once_voting_closed(users, make_round, role, phase):
    box = BallotBoxFactory(budget_round=make_round(phase))
    expected = phase in {"result", "follow_up"}
    assert rules.has_perm("voting.view_vote_counts", users[role], box) is expected


def test_residents_area_rule(make_round):
    budget_round = make_round("vote", eligibility="residents")
    north, south = DistrictFactory(name="Norr"), DistrictFactory(name="Söder")
    box = something_on_ballot(
        BallotBoxFactory(
            budget_round=budget_round, area=AreaFactory(budget_round=budget_round, district=north)
        )
    )
    AreaFactory(budget_round=budget_round, district=south)
    assert UserFactory(district=north).has_perm("voting.cast_ballot", box)
    assert not UserFactory(district=south).has_perm("voting.cast_ballot", box)
    assert not UserFactory(district=None).has_perm("voting.cast_ballot", box)


def test_signed_in_rounds_allow_any_area(make_round, resident):
    budget_round = make_round("vote")
    box = something_on_ballot(
        BallotBoxFactory(
            budget_round=budget_round,
            area=AreaFactory(budget_round=budget_round, district=DistrictFactory(name="Norr")),
        )
    )
    assert resident.has_perm("voting.cast_ballot", box)


@pytest.mark.parametrize("role", ROLES)
def test_no_one_votes_on_an_empty_ballot(users, make_round, role):
    """Issue 11, item 6: an area with no proposals on its ballot has nothing to vote on."""
    box = BallotBoxFactory(budget_round=make_round("vote"))
    assert not rules.has_perm("voting.cast_ballot", users[role], box)
    assert "inget att rösta om" in why_not("voting.cast_ballot", users[role], box)
