"""What followers are told of proposals (following.services.record), and that proposers follow
their own proposals from the start."""

import pytest

from delaktig.accounts.tests.factories import UserFactory
from delaktig.following.models import Event, Follow
from delaktig.proposals import services
from delaktig.proposals.models import ProposalStatus
from delaktig.proposals.tests.factories import ProposalFactory
from delaktig.proposals.tests.test_services import data

pytestmark = pytest.mark.django_db


def test_the_author_follows_a_new_proposal_and_the_round_hears_of_it(make_round, resident):
    budget_round = make_round("propose")
    proposal = services.submit_proposal(by=resident, budget_round=budget_round, data=data())
    follow = Follow.objects.get()
    assert (follow.user, follow.target_id, follow.process, follow.confirmed) == (
        resident,
        proposal.pk,
        budget_round,
        True,
    )
    event = Event.objects.get()
    assert (event.kind, event.target_id, event.process, event.told_user) == (
        "proposal.published",
        proposal.pk,
        budget_round,
        resident,
    )
    assert event.path == proposal.get_absolute_url()


def test_a_code_voters_proposal_is_told_when_a_moderator_publishes_it(make_round, moderator):
    budget_round = make_round("propose")
    proposal = ProposalFactory(
        budget_round=budget_round,
        author=UserFactory(email="kod-3@inbjudan.invalid"),
        status=ProposalStatus.PENDING,
    )
    services.publish_pending(by=moderator, proposal=proposal)
    event = Event.objects.get()
    assert event.kind == "proposal.published" and event.told_user is None


def test_a_merge_is_told_to_the_followers_of_the_duplicate(make_round, official):
    budget_round = make_round("assess")
    source = ProposalFactory(budget_round=budget_round, title="Dubblett")
    target = ProposalFactory(budget_round=budget_round, title="Originalet")
    services.merge_proposals(by=official, source=source, target=target)
    event = Event.objects.get()
    assert (event.kind, event.target_id, event.summary) == (
        "proposal.merged",
        source.pk,
        "Originalet",
    )
    assert event.path == target.get_absolute_url()


def test_the_proposal_page_has_the_follow_button(client, make_round, resident):
    proposal = ProposalFactory(budget_round=make_round("propose"))
    client.force_login(resident)
    page = client.get(proposal.get_absolute_url())
    assert f'action="/folj/proposal/{proposal.pk}/"' in page.text
