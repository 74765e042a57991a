import pytest
from django.core import mail
from django.urls import reverse

from delaktig.assessments.models import Assessment, Verdict
from delaktig.proposals.models import ProposalStatus
from delaktig.proposals.tests.factories import ProposalFactory

from .factories import AssessmentFactory

pytestmark = pytest.mark.django_db


def url(name, budget_round, **kwargs):
    return reverse(name, kwargs={"slug": budget_round.slug, **kwargs})


class TestQueue:
    def test_official_sees_proposals_and_state(self, client, make_round, official):
        budget_round = make_round("assess")
        ProposalFactory(budget_round=budget_round, title="Inte bedömt än")
        AssessmentFactory(proposal__budget_round=budget_round, proposal__title="Bedömt")
        ProposalFactory(budget_round=budget_round, title="Borta", status=ProposalStatus.WITHDRAWN)
        client.force_login(official)
        response = client.get(url("assessments_manage:list", budget_round))
        content = response.content.decode()
        assert response.status_code == 200
        assert "Inte bedömt än" in content
        assert "Inte publicerad än" in content
        assert "Borta" not in content
        assert "Publicera bedömningarna" in content

    @pytest.mark.parametrize("role", ["resident", "moderator"])
    def test_others_get_403(self, client, make_round, request, role):
        client.force_login(request.getfixturevalue(role))
        response = client.get(url("assessments_manage:list", make_round("assess")))
        assert response.status_code == 403
        assert "Bara handläggare" in response.content.decode()

    def test_anonymous_is_sent_to_sign_in(self, client, make_round):
        response = client.get(url("assessments_manage:list", make_round("assess")))
        assert response.status_code == 302


class TestAssessForm:
    def test_assess(self, client, make_round, official):
        proposal = ProposalFactory(budget_round=make_round("assess"))
        client.force_login(official)
        response = client.post(
            url("assessments_manage:assess", proposal.budget_round, pk=proposal.pk),
            {"verdict": "feasible", "reason": "Går att göra.", "official_cost": "45000"},
        )
        assert response.status_code == 302
        assessment = Assessment.objects.get()
        assert assessment.official_cost == 45_000
        assert assessment.published_at is None

    def test_form_renders_with_labels(self, client, make_round, official):
        proposal = ProposalFactory(budget_round=make_round("propose"))
        client.force_login(official)
        content = client.get(
            url("assessments_manage:assess", proposal.budget_round, pk=proposal.pk)
        ).content.decode()
        assert "<legend>Bedömning</legend>" in content
        assert 'for="id_reason"' in content
        assert 'for="id_official_cost"' in content

    def test_feasible_without_cost_shows_errors(self, client, make_round, official):
        proposal = ProposalFactory(budget_round=make_round("assess"))
        client.force_login(official)
        response = client.post(
            url("assessments_manage:assess", proposal.budget_round, pk=proposal.pk),
            {"verdict": "feasible", "reason": ""},
        )
        content = response.content.decode()
        assert response.status_code == 400
        assert "data-error-summary" in content
        assert 'href="#id_official_cost"' in content
        assert 'href="#id_reason"' in content
        assert not Assessment.objects.exists()

    def test_tampered_verdict(self, client, make_round, official):
        proposal = ProposalFactory(budget_round=make_round("assess"))
        client.force_login(official)
        response = client.post(
            url("assessments_manage:assess", proposal.budget_round, pk=proposal.pk),
            {"verdict": "maybe", "reason": "x"},
        )
        assert response.status_code == 400
        assert not Assessment.objects.exists()

    def test_wrong_phase_is_403(self, client, make_round, official):
        proposal = ProposalFactory(budget_round=make_round("vote"))
        client.force_login(official)
        response = client.post(
            url("assessments_manage:assess", proposal.budget_round, pk=proposal.pk),
            {"verdict": "not_feasible", "reason": "Nej"},
        )
        assert response.status_code == 403
        assert "förslags- och bedömningsfaserna" in response.content.decode()
        assert not Assessment.objects.exists()

    def test_proposal_of_another_round_is_404(self, client, make_round, official):
        proposal = ProposalFactory(budget_round=make_round("assess"))
        client.force_login(official)
        other = make_round("assess")
        assert (
            client.get(url("assessments_manage:assess", other, pk=proposal.pk)).status_code == 404
        )

    def test_deleted_proposal_is_404(self, client, make_round, official):
        proposal = ProposalFactory(budget_round=make_round("assess"))
        budget_round, pk = proposal.budget_round, proposal.pk
        proposal.delete()
        client.force_login(official)
        assert client.get(url("assessments_manage:assess", budget_round, pk=pk)).status_code == 404


class TestPublishAndMerge:
    def test_publish(self, client, make_round, official, django_capture_on_commit_callbacks):
        assessment = AssessmentFactory(proposal__budget_round=make_round("assess"))
        client.force_login(official)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                url("assessments_manage:publish", assessment.proposal.budget_round),
                {"confirm": "yes"},
            )
        assert response.status_code == 302
        assessment.refresh_from_db()
        assert assessment.published_at is not None
        assert len(mail.outbox) == 1
        assert "http://testserver/omgangar/" in mail.outbox[0].body

    def test_publish_in_propose_phase_is_403(self, client, make_round, official):
        assessment = AssessmentFactory(proposal__budget_round=make_round("propose"))
        client.force_login(official)
        response = client.post(url("assessments_manage:publish", assessment.proposal.budget_round))
        assert response.status_code == 403
        assessment.refresh_from_db()
        assert assessment.published_at is None

    def test_publish_get_checks_before_it_acts(self, client, make_round, official):
        """Issue 11: the button leads to a page that says what will happen; only its POST
        publishes."""
        assessment = AssessmentFactory(proposal__budget_round=make_round("assess"))
        client.force_login(official)
        publish = url("assessments_manage:publish", assessment.proposal.budget_round)
        for response in (client.get(publish), client.post(publish)):
            assert response.status_code == 200
            page = response.content.decode()
            assert "Publicera bedömningarna?" in page
            assert "mejl" in page and 'name="confirm" value="yes"' in page
        assessment.refresh_from_db()
        assert assessment.published_at is None
        assert not mail.outbox

    def test_merge(self, client, make_round, official):
        budget_round = make_round("assess")
        source, target = ProposalFactory.create_batch(2, budget_round=budget_round)
        client.force_login(official)
        response = client.post(
            url("assessments_manage:merge", budget_round, pk=source.pk), {"target": target.pk}
        )
        assert response.status_code == 302
        source.refresh_from_db()
        assert source.merged_into == target

    def test_merge_into_other_round_is_a_form_error(self, client, make_round, official):
        budget_round = make_round("assess")
        source = ProposalFactory(budget_round=budget_round)
        foreign = ProposalFactory(budget_round=make_round("assess"))
        client.force_login(official)
        response = client.post(
            url("assessments_manage:merge", budget_round, pk=source.pk), {"target": foreign.pk}
        )
        assert response.status_code == 400
        assert 'href="#id_target"' in response.content.decode()
        source.refresh_from_db()
        assert source.status == ProposalStatus.PUBLISHED


class TestPublicList:
    def test_shows_published_only(self, client, make_round):
        budget_round = make_round("vote")
        AssessmentFactory(
            proposal__budget_round=budget_round, reason="Offentlig motivering", published=True
        )
        AssessmentFactory(
            proposal__budget_round=budget_round,
            verdict=Verdict.NOT_FEASIBLE,
            reason="Hemligt utkast",
        )
        content = client.get(url("assessments:list", budget_round)).content.decode()
        assert "Offentlig motivering" in content
        assert "Hemligt utkast" not in content
