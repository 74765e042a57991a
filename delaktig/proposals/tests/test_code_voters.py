"""Accounts made for voting with a code vote and do nothing else (security review, issue 9
finding 15): a comment, a support or a proposal would be public under the name from the
invitation list."""

import pytest
from django.urls import reverse

from delaktig.core.errors import NotAllowed
from delaktig.eligibility.models import Invitation
from delaktig.eligibility.services import code_use
from delaktig.eligibility.tests.factories import invitation_with_code
from delaktig.proposals import services
from delaktig.proposals.models import Comment, Proposal, Support

from .factories import ProposalFactory

pytestmark = pytest.mark.django_db

REASON = "Du har loggat in med en röstkod. Med den kan du rösta"


def url(name, proposal):
    return reverse(name, kwargs={"slug": proposal.budget_round.slug, "pk": proposal.pk})


@pytest.fixture
def proposal(make_round):
    return ProposalFactory(budget_round=make_round("propose"))


@pytest.fixture
def code_voter(proposal, client):
    """Signs in with a voting code through the page, as a person on the invitation list."""
    _invitation, code = invitation_with_code(
        budget_round=proposal.budget_round, name="Alva Ek", email="alva@example.se"
    )
    response = client.post(reverse("eligibility:enter"), {"code": code})
    assert response.status_code == 302
    return Invitation.objects.get(name="Alva Ek").voter


def test_a_code_voter_cannot_post_a_comment(client, proposal, code_voter):
    response = client.post(url("proposals:comment", proposal), {"body": "Jag heter Alva Ek."})
    assert response.status_code == 403
    assert REASON in response.content.decode()
    assert not Comment.objects.exists()
    with pytest.raises(NotAllowed, match="röstkod"):
        services.add_comment(by=code_voter, proposal=proposal, body="Via tjänsten")
    assert not Comment.objects.exists()


def test_the_page_says_why_instead_of_showing_the_form(client, proposal, code_voter):
    html = client.get(url("proposals:detail", proposal)).content.decode()
    assert REASON in html
    assert "Publicera kommentaren" not in html


def test_a_resident_still_sees_the_form(client, proposal, resident):
    client.force_login(resident)
    html = client.get(url("proposals:detail", proposal)).content.decode()
    assert "Publicera kommentaren" in html and REASON not in html


def test_a_code_voter_cannot_support_or_propose(client, proposal, code_voter):
    response = client.post(url("proposals:support", proposal))
    assert response.status_code == 403 and REASON in response.content.decode()
    assert not Support.objects.exists()
    create = reverse("proposals:create", kwargs={"slug": proposal.budget_round.slug})
    response = client.get(create)
    assert response.status_code == 403 and REASON in response.content.decode()
    assert Proposal.objects.count() == 1


def test_still_refused_once_the_invitation_is_gone(client, proposal, code_voter):
    """The account keeps its placeholder address after the roll is deleted (SET_NULL)."""
    _invitation, code = invitation_with_code(budget_round=proposal.budget_round, name="Bo Ek")
    voter = code_use.redeem_code(code=code).voter
    assert voter.email.endswith("@inbjudan.invalid")
    Invitation.objects.filter(voter=voter).delete()
    client.force_login(voter)
    response = client.post(url("proposals:comment", proposal), {"body": "Hej"})
    assert response.status_code == 403
    assert not Comment.objects.exists()
