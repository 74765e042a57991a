"""Accounts made for voting with a code vote and do nothing else (security review, issue 9
finding 15): a comment, a support or a proposal would be public under the name from the
invitation list."""

import pytest
from django.urls import reverse

from delaktig.audit.models import AuditEvent
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


class TestYouthRounds:
    """Issue 10: in a round that lets them (Torsby's children designed their park), people with
    a voting code send in proposals too; a moderator checks each before it is published, and
    the name from the list is never shown."""

    @pytest.fixture
    def youth_round(self, make_round):
        from delaktig.eligibility.tests.factories import RoundEligibilityFactory

        budget_round = make_round("propose")
        RoundEligibilityFactory(
            budget_round=budget_round, use_invitations=True, codes_may_propose=True
        )
        return budget_round

    @pytest.fixture
    def pupil(self, youth_round, client):
        _invitation, code = invitation_with_code(budget_round=youth_round, name="Alva Ek")
        assert client.post(reverse("eligibility:enter"), {"code": code}).status_code == 302
        return Invitation.objects.get(name="Alva Ek").voter

    def submit(self, client, youth_round):
        create = reverse("proposals:create", kwargs={"slug": youth_round.slug})
        return client.post(
            create,
            {"title": "Rutschkana", "description": "En lång rutschkana.", "estimated_cost": 20000},
            follow=True,
        )

    def test_a_pupil_proposes_and_it_waits_for_a_moderator(self, client, youth_round, pupil):
        response = self.submit(client, youth_round)
        assert "En moderator läser ditt förslag" in response.content.decode()
        proposal = Proposal.objects.get()
        assert (proposal.status, proposal.author_name_shown) == ("pending", False)
        assert "Alva Ek" not in response.content.decode()
        client.logout()
        listing = reverse("proposals:list", kwargs={"slug": youth_round.slug})
        assert "Rutschkana" not in client.get(listing).content.decode()
        assert client.get(url("proposals:detail", proposal)).status_code == 404
        # Still only a vote otherwise: no comments, no supports.
        with pytest.raises(NotAllowed, match="röstkod"):
            services.add_comment(
                by=pupil, proposal=ProposalFactory(budget_round=youth_round), body="Hej"
            )

    def test_a_moderator_publishes_it_without_the_name(self, client, youth_round, pupil, moderator):
        self.submit(client, youth_round)
        proposal = Proposal.objects.get()
        client.force_login(moderator)
        queue = reverse("proposals_manage:moderation", kwargs={"slug": youth_round.slug})
        assert "Rutschkana" in client.get(queue).content.decode()
        publish = reverse(
            "proposals_manage:pending_publish", kwargs={"slug": youth_round.slug, "pk": proposal.pk}
        )
        check = client.post(publish)  # check before you act: nothing is published yet
        assert check.status_code == 200 and "Publicera förslaget?" in check.content.decode()
        assert client.get(publish).status_code == 200
        proposal.refresh_from_db()
        assert proposal.status == "pending"
        assert client.post(publish, {"confirm": "yes"}).status_code == 302
        proposal.refresh_from_db()
        assert proposal.status == "published"
        # Published already: the page is gone (404), nothing is recorded twice.
        assert client.post(publish, {"confirm": "yes"}).status_code == 404
        assert AuditEvent.objects.filter(action="proposal.approved").count() == 1
        client.logout()
        page = client.get(url("proposals:detail", proposal)).content.decode()
        assert "Rutschkana" in page and "Alva Ek" not in page
        assert "En deltagare med röstkod" in page
        assert client.post(publish).status_code in (302, 403)  # signed out: to the sign-in

    def test_a_moderator_hides_it_with_a_reason(self, client, youth_round, pupil, moderator):
        self.submit(client, youth_round)
        proposal = Proposal.objects.get()
        client.force_login(moderator)
        hide = reverse(
            "proposals_manage:pending_hide", kwargs={"slug": youth_round.slug, "pk": proposal.pk}
        )
        assert client.post(hide, {f"pending-{proposal.pk}-reason": ""}).status_code == 400
        reason = {f"pending-{proposal.pk}-reason": "Handlar inte om parken."}
        check = client.post(hide, reason)  # check before you act: nothing is hidden yet
        assert check.status_code == 200 and "Handlar inte om parken." in check.content.decode()
        proposal.refresh_from_db()
        assert proposal.status == "pending"
        response = client.post(hide, {**reason, "confirm": "yes"})
        assert response.status_code == 302
        proposal.refresh_from_db()
        assert proposal.status == "hidden" and proposal.hidden_reason == "Handlar inte om parken."

    def test_only_moderators_publish(self, client, youth_round, pupil, resident):
        self.submit(client, youth_round)
        proposal = Proposal.objects.get()
        client.force_login(resident)
        publish = reverse(
            "proposals_manage:pending_publish", kwargs={"slug": youth_round.slug, "pk": proposal.pk}
        )
        assert client.post(publish).status_code == 403
        assert client.post(publish, {"confirm": "yes"}).status_code == 403
        with pytest.raises(NotAllowed):
            services.publish_pending(by=resident, proposal=proposal)
        proposal.refresh_from_db()
        assert proposal.status == "pending"

    def test_rounds_that_do_not_allow_it_still_refuse(self, client, proposal, code_voter):
        create = reverse("proposals:create", kwargs={"slug": proposal.budget_round.slug})
        assert client.get(create).status_code == 403


def test_codes_may_propose_needs_an_invitation_list(make_round, official):
    from delaktig.core.errors import InvalidInput
    from delaktig.eligibility.services import round_settings

    budget_round = make_round("inform")
    with pytest.raises(InvalidInput, match="inbjudningslista"):
        round_settings.save_settings(
            by=official,
            budget_round=budget_round,
            data=round_settings.SettingsData(codes_may_propose=True),
        )


def test_signed_out_in_a_youth_round_the_list_offers_the_code_and_returns_to_the_form(
    client, make_round
):
    from delaktig.eligibility.tests.factories import RoundEligibilityFactory

    budget_round = make_round("propose")
    RoundEligibilityFactory(budget_round=budget_round, use_invitations=True, codes_may_propose=True)
    create = reverse("proposals:create", kwargs={"slug": budget_round.slug})
    listing = reverse("proposals:list", kwargs={"slug": budget_round.slug})
    content = client.get(listing).content.decode()
    enter = reverse("eligibility:enter")
    assert f'href="{enter}?next={create}"' in content
    _invitation, code = invitation_with_code(budget_round=budget_round, name="Elsa Berg")
    page = client.get(enter, {"next": create}).content.decode()
    assert f'name="next" value="{create}"' in page
    response = client.post(enter, {"code": code, "next": create})
    assert response.status_code == 302 and response.url == create
    # Somewhere else than this site is never followed.
    client.logout()
    _other, other_code = invitation_with_code(budget_round=budget_round, name="Noah Lind")
    response = client.post(enter, {"code": other_code, "next": "https://elak.example/"})
    assert response.status_code == 302 and "elak.example" not in response.url
