import pytest
from django.urls import reverse

from delaktig.accounts.models import User
from delaktig.accounts.tests.factories import UserFactory
from delaktig.audit.models import AuditEvent
from delaktig.core.errors import Conflict
from delaktig.privacy import services
from delaktig.processes.tests.factories import round_in_phase
from delaktig.proposals.models import Comment, Proposal, Support
from delaktig.proposals.tests.factories import CommentFactory, ProposalFactory, SupportFactory
from delaktig.results.models import TallyRun
from delaktig.voting import queries
from delaktig.voting.models import Ballot, BallotBox, Participation
from delaktig.voting.services.casting import locator_for

from .factories import ballots_digest, publish, voted_round

pytestmark = pytest.mark.django_db

DELETE = reverse("privacy:delete_account")
PASSWORD = "hemligt-lösen-123"  # UserFactory's


def test_confirmation_page_asks_for_the_password(client, resident):
    client.force_login(resident)
    response = client.get(DELETE)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'type="password"' in page
    assert "Radera mitt konto" in page


def test_wrong_password_is_refused_with_an_error_summary(client, resident):
    client.force_login(resident)
    response = client.post(DELETE, {"password": "fel-lösenord"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "error-summary" in page
    assert 'href="#id_password"' in page
    assert 'id="id_password_error"' in page  # the message by the field too
    assert User.objects.filter(pk=resident.pk).exists()
    assert not AuditEvent.objects.filter(action="account.deleted").exists()


def test_empty_post_is_refused_not_a_crash(client, resident):
    client.force_login(resident)
    assert client.post(DELETE, {}).status_code == 400
    assert User.objects.filter(pk=resident.pk).exists()


@pytest.mark.usefixtures("still_clock")
def test_too_many_wrong_passwords_pause_the_form(client, resident):
    client.force_login(resident)
    for _ in range(5):
        client.post(DELETE, {"password": "fel"})
    response = client.post(DELETE, {"password": PASSWORD})
    assert response.status_code == 429
    assert User.objects.filter(pk=resident.pk).exists()


def test_right_password_deletes_signs_out_and_audits(client, resident, other_resident):
    proposal = ProposalFactory(author=resident, title="Utegym")
    comment = CommentFactory(proposal=proposal, author=resident)
    supported = ProposalFactory(author=other_resident, support_count=1)
    SupportFactory(proposal=supported, user=resident)
    client.force_login(resident)
    response = client.post(DELETE, {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("privacy:policy")
    assert not User.objects.filter(pk=resident.pk).exists()
    assert "_auth_user_id" not in client.session
    # Published texts stay, without their author.
    assert Proposal.objects.get(pk=proposal.pk).author is None
    assert Comment.objects.get(pk=comment.pk).author is None
    # Supports go, and the count follows.
    assert not Support.objects.filter(proposal=supported).exists()
    assert Proposal.objects.get(pk=supported.pk).support_count == 0
    event = AuditEvent.objects.get(action="account.deleted")
    assert event.actor_id == resident.pk  # a pseudonym now
    assert event.object_repr == ""
    flat = str(event.data) + event.object_repr + event.object_id
    assert resident.email not in flat
    assert "Anna" not in flat
    assert event.data["proposals"] == 1
    assert event.data["supports"] == 1
    followed = client.get(response["Location"])
    assert "Ditt konto är raderat." in followed.content.decode()


def test_code_only_voter_confirms_with_a_tick(client):
    voter = UserFactory()
    voter.set_unusable_password()
    voter.save()
    client.force_login(voter)
    page = client.get(DELETE).content.decode()
    assert 'type="password"' not in page
    assert client.post(DELETE, {}).status_code == 400
    assert User.objects.filter(pk=voter.pk).exists()
    assert client.post(DELETE, {"confirm": "on"}).status_code == 302
    assert not User.objects.filter(pk=voter.pk).exists()


def test_deleting_a_voter_leaves_the_published_result_intact(official):
    budget_round, box, _ = voted_round()
    publish(budget_round, official)
    run = TallyRun.objects.get(box=box)
    digest, counts = ballots_digest(box), queries.vote_counts(box)
    ballots = Ballot.objects.filter(box=box).count()
    voter = Participation.objects.filter(box=box).first().voter
    services.delete_account(by=voter)
    assert Ballot.objects.filter(box=box).count() == ballots
    assert queries.vote_counts(box) == counts
    assert ballots_digest(box) == digest
    stored = TallyRun.objects.get(pk=run.pk)
    assert (stored.outcome, stored.ballot_count, stored.published_at) == (
        run.outcome,
        run.ballot_count,
        run.published_at,
    )
    assert Participation.objects.filter(box=box).count() == ballots - 1


def test_the_voters_ballot_is_unlinked_but_stays(official, resident):
    _budget_round, box, _ = voted_round()
    Participation.objects.create(box=box, voter=resident)
    ballot = Ballot.objects.create(box=box, locator=locator_for(box, resident))
    services.delete_account(by=resident)
    ballot.refresh_from_db()
    assert ballot.locator is None
    assert Ballot.objects.filter(box=box).count() == 6


def test_no_deleting_while_a_vote_you_took_part_in_is_open(client, resident):
    budget_round = round_in_phase("vote", name="Ungdomsbudget 2026")
    box = BallotBox.objects.create(budget_round=budget_round, kind="approval")
    Participation.objects.create(box=box, voter=resident)
    with pytest.raises(Conflict):
        services.delete_account(by=resident)
    client.force_login(resident)
    page = client.get(DELETE).content.decode()
    assert "Ungdomsbudget 2026" in page
    assert 'type="password"' not in page
    response = client.post(DELETE, {"password": PASSWORD})
    assert User.objects.filter(pk=resident.pk).exists()
    assert "Ungdomsbudget 2026" in response.content.decode()


def test_an_open_vote_you_did_not_take_part_in_does_not_stop_you(resident):
    budget_round = round_in_phase("vote")
    BallotBox.objects.create(budget_round=budget_round, kind="approval")
    services.delete_account(by=resident)
    assert not User.objects.filter(pk=resident.pk).exists()


def test_delete_page_refuses_other_methods(client, resident):
    client.force_login(resident)
    assert client.put(DELETE).status_code == 405


def test_an_official_who_published_a_result_can_leave(official):
    budget_round, box, _ = voted_round()
    publish(budget_round, official)
    run = TallyRun.objects.get(box=box)
    services.delete_account(by=official)
    stored = TallyRun.objects.get(pk=run.pk)
    assert stored.created_by is None
    assert stored.published_at == run.published_at


def test_deleting_the_account_deletes_the_images_of_its_proposals(
    client, resident, django_capture_on_commit_callbacks
):
    """Security review, issue 9 finding 11: the proposal stays as a public record, its photo
    (which may show the person, their home or family) does not stay at its address."""
    from django.core.files.storage import default_storage

    from delaktig.proposals import services as proposals
    from delaktig.proposals.tests.factories import image_upload

    proposal = proposals.submit_proposal(
        by=resident,
        budget_round=round_in_phase("propose"),
        data=proposals.ProposalData(
            title="Utegym",
            description="För alla.",
            estimated_cost=1000,
            image=image_upload("anna.jpg", "JPEG"),
            image_alt="Anna vid parken",
        ),
    )
    stored = proposal.image.name
    assert default_storage.exists(stored)
    client.force_login(resident)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(DELETE, {"password": PASSWORD}).status_code == 302
    assert not default_storage.exists(stored)
    proposal.refresh_from_db()
    assert proposal.author is None and not proposal.image and proposal.image_alt == ""
    assert AuditEvent.objects.get(action="account.deleted").data["images"] == 1
