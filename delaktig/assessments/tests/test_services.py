import pytest
from django.core import mail

from delaktig.accounts.tests.factories import UserFactory
from delaktig.assessments import services
from delaktig.assessments.models import Assessment, Verdict
from delaktig.assessments.queries import feasible_proposals
from delaktig.audit.models import AuditEvent
from delaktig.core.errors import Conflict, InvalidInput, NotAllowed
from delaktig.processes.tests.factories import AreaFactory
from delaktig.proposals.models import ProposalStatus
from delaktig.proposals.tests.factories import ProposalFactory, SupportFactory

from .factories import AssessmentFactory

pytestmark = pytest.mark.django_db


class TestAssess:
    @pytest.mark.parametrize("phase", ["propose", "assess"])
    def test_official_assesses(self, make_round, official, phase):
        proposal = ProposalFactory(budget_round=make_round(phase))
        assessment = services.assess_proposal(
            by=official,
            proposal=proposal,
            verdict=Verdict.FEASIBLE,
            reason="Ryms i budgeten.",
            official_cost=40_000,
        )
        assessment.refresh_from_db()
        assert assessment.verdict == Verdict.FEASIBLE
        assert assessment.official_cost == 40_000
        assert assessment.assessed_by == official
        assert assessment.published_at is None
        event = AuditEvent.objects.get(action="assessment.decided")
        assert event.actor == official
        assert event.round_id == proposal.budget_round_id

    @pytest.mark.parametrize("phase", [None, "inform", "vote", "result", "follow_up"])
    def test_wrong_phase_is_refused(self, make_round, official, phase):
        proposal = ProposalFactory(budget_round=make_round(phase))
        with pytest.raises(NotAllowed):
            services.assess_proposal(
                by=official, proposal=proposal, verdict=Verdict.NOT_FEASIBLE, reason="Nej"
            )
        assert not Assessment.objects.exists()

    @pytest.mark.parametrize("role", ["resident", "moderator"])
    def test_wrong_person_is_refused(self, make_round, request, role):
        proposal = ProposalFactory(budget_round=make_round("assess"))
        with pytest.raises(NotAllowed):
            services.assess_proposal(
                by=request.getfixturevalue(role),
                proposal=proposal,
                verdict=Verdict.NOT_FEASIBLE,
                reason="Nej",
            )
        assert not Assessment.objects.exists()

    def test_reason_is_required(self, make_round, official):
        proposal = ProposalFactory(budget_round=make_round("assess"))
        with pytest.raises(InvalidInput) as error:
            services.assess_proposal(
                by=official, proposal=proposal, verdict=Verdict.NOT_FEASIBLE, reason="  "
            )
        assert error.value.field == "reason"

    def test_cost_required_when_feasible(self, make_round, official):
        proposal = ProposalFactory(budget_round=make_round("assess"))
        with pytest.raises(InvalidInput) as error:
            services.assess_proposal(
                by=official, proposal=proposal, verdict=Verdict.FEASIBLE, reason="Ja"
            )
        assert error.value.field == "official_cost"
        assert not Assessment.objects.exists()

    def test_withdrawn_proposal_cannot_be_assessed(self, make_round, official):
        proposal = ProposalFactory(
            budget_round=make_round("assess"), status=ProposalStatus.WITHDRAWN
        )
        with pytest.raises(Conflict):
            services.assess_proposal(
                by=official, proposal=proposal, verdict=Verdict.NOT_FEASIBLE, reason="Nej"
            )

    def test_changing_a_published_assessment_unpublishes_it(self, make_round, official):
        assessment = AssessmentFactory(proposal__budget_round=make_round("assess"), published=True)
        services.assess_proposal(
            by=official,
            proposal=assessment.proposal,
            verdict=Verdict.NOT_FEASIBLE,
            reason="Marken är inte kommunens.",
        )
        assessment.refresh_from_db()
        assert assessment.verdict == Verdict.NOT_FEASIBLE
        assert assessment.published_at is None
        event = AuditEvent.objects.get(action="assessment.changed")
        assert event.data["was_published"] is True


class TestPublish:
    def test_publish_sets_date_audits_and_mails_the_author(
        self, make_round, official, django_capture_on_commit_callbacks
    ):
        budget_round = make_round("assess")
        author = UserFactory(email="forslag@example.se", full_name="Karin Karlsson")
        assessment = AssessmentFactory(
            proposal__budget_round=budget_round,
            proposal__author=author,
            proposal__title="Lekplats i Väster",
            reason="Ryms i budgeten och marken är kommunens.",
        )
        with django_capture_on_commit_callbacks(execute=True):
            published = services.publish_assessments(
                by=official, budget_round=budget_round, site_url="https://delaktig.example.se/"
            )
        assert published == [assessment]
        assessment.refresh_from_db()
        assert assessment.published_at is not None
        assert AuditEvent.objects.filter(action="assessment.published").count() == 1
        assert AuditEvent.objects.get(action="assessments.published").data == {"count": 1}
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["forslag@example.se"]
        assert "Lekplats i Väster" in message.subject
        assert "är bedömt" in message.subject
        assert "Hej Karin!" in message.body
        assert "genomförbart" in message.body
        assert "Ryms i budgeten" in message.body
        assert (
            "https://delaktig.example.se" + assessment.proposal.get_absolute_url() in message.body
        )

    def test_the_subject_is_plain_text_not_html(
        self, make_round, official, django_capture_on_commit_callbacks
    ):
        """Security review, issue 9, finding 16: subjects were HTML-escaped (&amp; &lt;)."""
        budget_round = make_round("assess")
        AssessmentFactory(
            proposal__budget_round=budget_round,
            proposal__author=UserFactory(email="forslag@example.se"),
            proposal__title="Å & Ö <x>",
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.publish_assessments(by=official, budget_round=budget_round)
        assert "Å & Ö <x>" in mail.outbox[0].subject
        assert "&amp;" not in mail.outbox[0].subject

    def test_nothing_to_publish_is_a_conflict(self, make_round, official):
        with pytest.raises(Conflict):
            services.publish_assessments(by=official, budget_round=make_round("assess"))

    @pytest.mark.parametrize("phase", ["propose", "vote"])
    def test_publish_outside_assess_phase_is_refused(self, make_round, official, phase):
        budget_round = make_round(phase)
        assessment = AssessmentFactory(proposal__budget_round=budget_round)
        with pytest.raises(NotAllowed):
            services.publish_assessments(by=official, budget_round=budget_round)
        assessment.refresh_from_db()
        assert assessment.published_at is None
        assert len(mail.outbox) == 0

    def test_resident_cannot_publish(self, make_round, resident):
        budget_round = make_round("assess")
        AssessmentFactory(proposal__budget_round=budget_round)
        with pytest.raises(NotAllowed):
            services.publish_assessments(by=resident, budget_round=budget_round)

    def test_only_this_rounds_assessments(self, make_round, official):
        budget_round = make_round("assess")
        other = AssessmentFactory(proposal__budget_round=make_round("assess"))
        AssessmentFactory(proposal__budget_round=budget_round)
        services.publish_assessments(by=official, budget_round=budget_round)
        other.refresh_from_db()
        assert other.published_at is None


class TestFeasibleProposals:
    def test_only_active_with_published_feasible_assessment(self, make_round):
        budget_round = make_round("vote")
        north, south = AreaFactory.create_batch(2, budget_round=budget_round)
        yes = AssessmentFactory(
            proposal__budget_round=budget_round, proposal__area=north, published=True
        ).proposal
        yes_south = AssessmentFactory(
            proposal__budget_round=budget_round, proposal__area=south, published=True
        ).proposal
        AssessmentFactory(proposal__budget_round=budget_round)  # decided, not published
        AssessmentFactory(
            proposal__budget_round=budget_round, verdict=Verdict.NOT_FEASIBLE, published=True
        )
        AssessmentFactory(
            proposal__budget_round=budget_round,
            proposal__status=ProposalStatus.MERGED,
            published=True,
        )
        ProposalFactory(budget_round=budget_round)  # not assessed
        AssessmentFactory(published=True)  # another round
        assert list(feasible_proposals(budget_round)) == [yes, yes_south]
        assert list(feasible_proposals(budget_round, area=north)) == [yes]


class TestMergeDuplicate:
    def test_merge_through_assessments(self, make_round, official):
        budget_round = make_round("assess")
        source, target = ProposalFactory.create_batch(2, budget_round=budget_round)
        SupportFactory(proposal=source)
        services.merge_duplicate(by=official, source=source, target=target)
        source.refresh_from_db()
        target.refresh_from_db()
        assert source.status == ProposalStatus.MERGED
        assert target.support_count == 1
        assert AuditEvent.objects.filter(action="proposal.merged", actor=official).exists()
