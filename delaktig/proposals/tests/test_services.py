from datetime import timedelta

import pytest
from django.utils import timezone

from delaktig.accounts.tests.factories import DistrictFactory, UnitFactory, UserFactory
from delaktig.audit.models import AuditEvent
from delaktig.core.errors import Conflict, InvalidInput, NotAllowed
from delaktig.processes.tests.factories import AreaFactory, CategoryFactory
from delaktig.proposals import services
from delaktig.proposals.models import Proposal, ProposalStatus, Report, Support
from delaktig.proposals.services import ProposalData

from .factories import (
    CommentFactory,
    ProposalFactory,
    ReportFactory,
    SupportFactory,
    image_upload,
    text_upload,
)

pytestmark = pytest.mark.django_db


def data(**overrides) -> ProposalData:
    values = {
        "title": "Utegym i Stadsparken",
        "description": "Ett enkelt utegym för alla åldrar.",
        "estimated_cost": 80_000,
    }
    values.update(overrides)
    return ProposalData(**values)


def events(action):
    return AuditEvent.objects.filter(action=action)


class TestSubmit:
    def test_happy_path_writes_proposal_and_audit(self, make_round, resident):
        budget_round = make_round("propose")
        area = AreaFactory(budget_round=budget_round)
        category = CategoryFactory(budget_round=budget_round)
        proposal = services.submit_proposal(
            by=resident, budget_round=budget_round, data=data(area=area, category=category)
        )
        proposal.refresh_from_db()
        assert proposal.author == resident
        assert proposal.status == ProposalStatus.PUBLISHED
        assert proposal.area == area
        event = events("proposal.submitted").get()
        assert event.actor == resident
        assert event.object_id == str(proposal.pk)
        assert event.round_id == budget_round.pk

    @pytest.mark.parametrize("phase", [None, "inform", "assess", "vote", "result", "follow_up"])
    def test_wrong_phase_is_refused(self, make_round, resident, phase):
        budget_round = make_round(phase)
        with pytest.raises(NotAllowed, match=r"tar inte emot förslag|not accepting"):
            services.submit_proposal(by=resident, budget_round=budget_round, data=data())
        assert not Proposal.objects.exists()
        assert not events("proposal.submitted").exists()

    def test_not_eligible_is_refused(self, make_round, resident):
        budget_round = make_round("propose", eligibility="unit", unit=UnitFactory())
        with pytest.raises(NotAllowed):
            services.submit_proposal(by=resident, budget_round=budget_round, data=data())
        assert not Proposal.objects.exists()

    def test_eligible_resident_of_area(self, make_round, resident):
        district = DistrictFactory(name="Norra")
        budget_round = make_round("propose", eligibility="residents")
        area = AreaFactory(budget_round=budget_round, district=district)
        resident.district = district
        resident.save()
        proposal = services.submit_proposal(
            by=resident, budget_round=budget_round, data=data(area=area)
        )
        assert proposal.pk

    def test_anonymous_is_refused(self, make_round):
        from django.contrib.auth.models import AnonymousUser

        with pytest.raises(NotAllowed):
            services.submit_proposal(
                by=AnonymousUser(), budget_round=make_round("propose"), data=data()
            )

    def test_draft_round_is_refused_even_for_admin(self, make_round, admin_user):
        budget_round = make_round("propose", status="draft")
        with pytest.raises(NotAllowed):
            services.submit_proposal(by=admin_user, budget_round=budget_round, data=data())

    def test_area_from_another_round_is_refused(self, make_round, resident):
        budget_round = make_round("propose")
        AreaFactory(budget_round=budget_round)
        foreign = AreaFactory(budget_round=make_round("propose"))
        with pytest.raises(InvalidInput) as error:
            services.submit_proposal(
                by=resident, budget_round=budget_round, data=data(area=foreign)
            )
        assert error.value.field == "area"
        assert not Proposal.objects.exists()

    def test_area_required_when_round_has_areas(self, make_round, resident):
        budget_round = make_round("propose")
        AreaFactory(budget_round=budget_round)
        with pytest.raises(InvalidInput) as error:
            services.submit_proposal(by=resident, budget_round=budget_round, data=data())
        assert error.value.field == "area"

    def test_category_from_another_round_is_refused(self, make_round, resident):
        budget_round = make_round("propose")
        foreign = CategoryFactory(budget_round=make_round("propose"))
        with pytest.raises(InvalidInput) as error:
            services.submit_proposal(
                by=resident, budget_round=budget_round, data=data(category=foreign)
            )
        assert error.value.field == "category"

    def test_over_long_title_is_refused(self, make_round, resident):
        with pytest.raises(InvalidInput) as error:
            services.submit_proposal(
                by=resident, budget_round=make_round("propose"), data=data(title="x" * 121)
            )
        assert error.value.field == "title"
        assert not Proposal.objects.exists()

    @pytest.mark.parametrize(
        "title",
        ["Park\nVOTES", "Park\r\nmer", "Tab\there", "Nul\x00", "Del\x7f", "C1\x85", "Ls\u2028"],
    )
    def test_control_characters_in_the_title_are_refused(self, make_round, resident, title):
        """Security review, issue 9, finding 12: a newline in a title broke the published .pb
        file (and would break e-mail subjects and page titles)."""
        with pytest.raises(InvalidInput, match="på en rad") as error:
            services.submit_proposal(
                by=resident, budget_round=make_round("propose"), data=data(title=title)
            )
        assert error.value.field == "title"
        assert not Proposal.objects.exists()

    def test_ordinary_spaces_and_punctuation_in_the_title_are_fine(self, make_round, resident):
        title = 'Lek; plats = glädje & "ljus" – för alla'
        proposal = services.submit_proposal(
            by=resident, budget_round=make_round("propose"), data=data(title=title)
        )
        assert proposal.title == title

    def test_editing_cannot_put_a_line_break_in_the_title(self, make_round, resident):
        proposal = ProposalFactory(budget_round=make_round("propose"), author=resident)
        before = proposal.title
        with pytest.raises(InvalidInput):
            services.edit_proposal(by=resident, proposal=proposal, data=data(title="A\nB"))
        proposal.refresh_from_db()
        assert proposal.title == before

    def test_image_needs_description(self, make_round, resident):
        with pytest.raises(InvalidInput) as error:
            services.submit_proposal(
                by=resident, budget_round=make_round("propose"), data=data(image=image_upload())
            )
        assert error.value.field == "image_alt"

    def test_image_is_stored(self, make_round, resident):
        proposal = services.submit_proposal(
            by=resident,
            budget_round=make_round("propose"),
            data=data(image=image_upload(), image_alt="En grön yta"),
        )
        # An opaque PNG is stored re-encoded as JPEG, under a random name (test_images.py).
        assert proposal.image.name.endswith(".jpg") and "bild" not in proposal.image.name

    def test_bad_image_type_is_refused(self, make_round, resident):
        with pytest.raises(InvalidInput, match="JPEG, PNG"):
            services.submit_proposal(
                by=resident,
                budget_round=make_round("propose"),
                data=data(image=text_upload(), image_alt="x"),
            )
        assert not Proposal.objects.exists()

    def test_gif_is_refused(self, make_round, resident):
        with pytest.raises(InvalidInput):
            services.submit_proposal(
                by=resident,
                budget_round=make_round("propose"),
                data=data(image=image_upload("a.gif", "GIF"), image_alt="x"),
            )

    def test_oversized_image_is_refused(self, make_round, resident, settings):
        settings.MAX_IMAGE_UPLOAD_BYTES = 10
        with pytest.raises(InvalidInput, match="MB"):
            services.submit_proposal(
                by=resident,
                budget_round=make_round("propose"),
                data=data(image=image_upload(), image_alt="x"),
            )
        assert not Proposal.objects.exists()


class TestEditAndWithdraw:
    def test_author_edits(self, make_round, resident):
        proposal = ProposalFactory(budget_round=make_round("propose"), author=resident)
        services.edit_proposal(by=resident, proposal=proposal, data=data(title="Ny titel"))
        proposal.refresh_from_db()
        assert proposal.title == "Ny titel"
        event = events("proposal.edited").get()
        assert "title" in event.data["fields"]

    def test_other_person_cannot_edit(self, make_round, resident, other_resident):
        proposal = ProposalFactory(budget_round=make_round("propose"), author=resident)
        with pytest.raises(NotAllowed, match=r"skrev förslaget|wrote the proposal"):
            services.edit_proposal(by=other_resident, proposal=proposal, data=data(title="Hack"))
        proposal.refresh_from_db()
        assert proposal.title != "Hack"
        assert not events("proposal.edited").exists()

    def test_editing_after_the_phase_ended(self, make_round, resident, time_machine):
        budget_round = make_round("propose")
        proposal = ProposalFactory(budget_round=budget_round, author=resident)
        ends = budget_round.phase_of_kind("propose").ends_at
        time_machine.move_to(ends + timedelta(minutes=1))
        with pytest.raises(NotAllowed, match=r"förslagsperioden|proposal phase"):
            services.edit_proposal(by=resident, proposal=proposal, data=data(title="Sent"))
        proposal.refresh_from_db()
        assert proposal.title != "Sent"

    def test_editing_just_before_the_phase_ends(self, make_round, resident, time_machine):
        budget_round = make_round("propose")
        proposal = ProposalFactory(budget_round=budget_round, author=resident)
        ends = budget_round.phase_of_kind("propose").ends_at
        time_machine.move_to(ends - timedelta(seconds=1))
        services.edit_proposal(by=resident, proposal=proposal, data=data(title="I tid"))
        proposal.refresh_from_db()
        assert proposal.title == "I tid"

    def test_remove_image(self, make_round, resident):
        proposal = services.submit_proposal(
            by=resident,
            budget_round=make_round("propose"),
            data=data(image=image_upload(), image_alt="Bild"),
        )
        services.edit_proposal(by=resident, proposal=proposal, data=data(image=False))
        proposal.refresh_from_db()
        assert not proposal.image

    def test_author_withdraws(self, make_round, resident):
        proposal = ProposalFactory(budget_round=make_round("propose"), author=resident)
        services.withdraw_proposal(by=resident, proposal=proposal)
        proposal.refresh_from_db()
        assert proposal.status == ProposalStatus.WITHDRAWN
        assert events("proposal.withdrawn").get().actor == resident

    def test_other_person_cannot_withdraw(self, make_round, resident, other_resident):
        proposal = ProposalFactory(budget_round=make_round("propose"), author=resident)
        with pytest.raises(NotAllowed):
            services.withdraw_proposal(by=other_resident, proposal=proposal)
        proposal.refresh_from_db()
        assert proposal.status == ProposalStatus.PUBLISHED


class TestCommentsAndSupport:
    def test_comment(self, make_round, other_resident):
        proposal = ProposalFactory(budget_round=make_round("vote"))
        comment = services.add_comment(by=other_resident, proposal=proposal, body=" Bra! ")
        assert comment.body == "Bra!"
        assert events("comment.added").get().round_id == proposal.budget_round_id

    def test_comment_in_follow_up_is_refused(self, make_round, other_resident):
        proposal = ProposalFactory(budget_round=make_round("follow_up"))
        with pytest.raises(NotAllowed):
            services.add_comment(by=other_resident, proposal=proposal, body="Sent")
        assert not proposal.comments.exists()

    def test_over_long_comment(self, make_round, other_resident):
        proposal = ProposalFactory(budget_round=make_round("propose"))
        with pytest.raises(InvalidInput):
            services.add_comment(by=other_resident, proposal=proposal, body="x" * 2001)
        assert not proposal.comments.exists()

    def test_empty_comment(self, make_round, other_resident):
        proposal = ProposalFactory(budget_round=make_round("propose"))
        with pytest.raises(InvalidInput):
            services.add_comment(by=other_resident, proposal=proposal, body="   ")

    def test_support_toggles_and_counts(self, make_round, resident, other_resident):
        proposal = ProposalFactory(budget_round=make_round("propose"))
        assert services.toggle_support(by=resident, proposal=proposal) is True
        assert services.toggle_support(by=other_resident, proposal=proposal) is True
        proposal.refresh_from_db()
        assert proposal.support_count == 2
        assert services.toggle_support(by=resident, proposal=proposal) is False
        proposal.refresh_from_db()
        assert proposal.support_count == 1
        assert Support.objects.filter(proposal=proposal).count() == 1
        assert events("proposal.supported").count() == 2
        assert events("proposal.unsupported").count() == 1

    def test_support_in_assess_phase_is_refused(self, make_round, resident):
        proposal = ProposalFactory(budget_round=make_round("assess"))
        with pytest.raises(NotAllowed):
            services.toggle_support(by=resident, proposal=proposal)
        assert not Support.objects.exists()

    def test_support_on_withdrawn_is_refused(self, make_round, resident):
        proposal = ProposalFactory(
            budget_round=make_round("propose"), status=ProposalStatus.WITHDRAWN
        )
        with pytest.raises(NotAllowed):
            services.toggle_support(by=resident, proposal=proposal)


class TestModeration:
    def test_report_proposal(self, make_round, other_resident):
        proposal = ProposalFactory(budget_round=make_round("propose"))
        report = services.report_content(by=other_resident, proposal=proposal, reason="Kränkande")
        assert report.resolved_at is None
        assert events("report.filed").get().round_id == proposal.budget_round_id

    def test_report_twice_is_a_conflict(self, make_round, other_resident):
        proposal = ProposalFactory(budget_round=make_round("propose"))
        services.report_content(by=other_resident, proposal=proposal, reason="Kränkande")
        with pytest.raises(Conflict):
            services.report_content(by=other_resident, proposal=proposal, reason="Igen")
        assert Report.objects.count() == 1

    def test_report_comment_of_other_proposal_is_refused(self, make_round, other_resident):
        budget_round = make_round("propose")
        proposal = ProposalFactory(budget_round=budget_round)
        comment = CommentFactory(proposal=ProposalFactory(budget_round=budget_round))
        with pytest.raises(InvalidInput):
            services.report_content(
                by=other_resident, proposal=proposal, comment=comment, reason="x"
            )

    def test_moderator_hides_proposal_with_reason(self, make_round, moderator):
        proposal = ProposalFactory(budget_round=make_round("propose"))
        report = ReportFactory(proposal=proposal)
        services.hide_proposal(by=moderator, proposal=proposal, reason="Personangrepp.")
        proposal.refresh_from_db()
        report.refresh_from_db()
        assert proposal.status == ProposalStatus.HIDDEN
        assert proposal.hidden_reason == "Personangrepp."
        assert report.resolution == "hidden"
        assert report.resolved_by == moderator
        event = events("proposal.hidden").get()
        assert event.actor == moderator
        # The public reason lives on the proposal; the append-only log keeps its length only.
        assert event.data["reason_length"] == len("Personangrepp.")
        assert "Personangrepp" not in str(event.data)

    def test_hiding_needs_a_public_reason(self, make_round, moderator):
        proposal = ProposalFactory(budget_round=make_round("propose"))
        with pytest.raises(InvalidInput):
            services.hide_proposal(by=moderator, proposal=proposal, reason="  ")
        proposal.refresh_from_db()
        assert proposal.status == ProposalStatus.PUBLISHED

    @pytest.mark.parametrize("role", ["resident", "official"])
    def test_non_moderator_cannot_hide(self, make_round, request, role):
        user = request.getfixturevalue(role)
        proposal = ProposalFactory(budget_round=make_round("propose"))
        with pytest.raises(NotAllowed):
            services.hide_proposal(by=user, proposal=proposal, reason="Nej")
        proposal.refresh_from_db()
        assert proposal.status == ProposalStatus.PUBLISHED
        assert not events("proposal.hidden").exists()

    def test_moderator_hides_comment_through_report(self, make_round, moderator, other_resident):
        comment = CommentFactory(proposal=ProposalFactory(budget_round=make_round("propose")))
        report = services.report_content(
            by=other_resident, proposal=comment.proposal, comment=comment, reason="Spam"
        )
        services.hide_reported(by=moderator, report=report, reason="Reklam.")
        comment.refresh_from_db()
        report.refresh_from_db()
        assert comment.is_hidden and comment.hidden_reason == "Reklam."
        assert report.resolution == "hidden"
        assert comment.proposal.status == ProposalStatus.PUBLISHED
        assert events("comment.hidden").get().actor == moderator

    def test_dismiss_report(self, make_round, moderator):
        report = ReportFactory(proposal=ProposalFactory(budget_round=make_round("propose")))
        services.dismiss_report(by=moderator, report=report)
        report.refresh_from_db()
        assert report.resolution == "dismissed"
        assert events("report.dismissed").get().actor == moderator
        with pytest.raises(Conflict):
            services.dismiss_report(by=moderator, report=report)

    def test_non_moderator_cannot_dismiss(self, make_round, resident):
        report = ReportFactory(proposal=ProposalFactory(budget_round=make_round("propose")))
        with pytest.raises(NotAllowed):
            services.dismiss_report(by=resident, report=report)
        report.refresh_from_db()
        assert report.resolved_at is None


class TestMerge:
    def test_merge_moves_supports_without_duplicates(self, make_round, official):
        budget_round = make_round("assess")
        source = ProposalFactory(budget_round=budget_round)
        target = ProposalFactory(budget_round=budget_round)
        both, only_source, only_target = UserFactory(), UserFactory(), UserFactory()
        for user in (both, only_source):
            SupportFactory(proposal=source, user=user)
        for user in (both, only_target):
            SupportFactory(proposal=target, user=user)
        services.merge_proposals(by=official, source=source, target=target)
        source.refresh_from_db()
        target.refresh_from_db()
        assert source.status == ProposalStatus.MERGED
        assert source.merged_into == target
        assert source.support_count == 0
        assert target.support_count == 3
        assert set(target.supports.values_list("user", flat=True)) == {
            both.pk,
            only_source.pk,
            only_target.pk,
        }
        event = events("proposal.merged").get()
        assert event.data == {"into": target.pk, "supports_moved": 1}

    def test_resident_cannot_merge(self, make_round, resident):
        budget_round = make_round("assess")
        source, target = ProposalFactory.create_batch(2, budget_round=budget_round)
        with pytest.raises(NotAllowed):
            services.merge_proposals(by=resident, source=source, target=target)
        source.refresh_from_db()
        assert source.status == ProposalStatus.PUBLISHED

    def test_merge_across_rounds_is_refused(self, make_round, official):
        source = ProposalFactory(budget_round=make_round("assess"))
        target = ProposalFactory(budget_round=make_round("assess"))
        with pytest.raises(InvalidInput):
            services.merge_proposals(by=official, source=source, target=target)

    def test_merge_into_itself_is_refused(self, make_round, official):
        source = ProposalFactory(budget_round=make_round("assess"))
        with pytest.raises(InvalidInput):
            services.merge_proposals(by=official, source=source, target=source)

    def test_merge_in_vote_phase_is_refused(self, make_round, official):
        budget_round = make_round("vote")
        source, target = ProposalFactory.create_batch(2, budget_round=budget_round)
        with pytest.raises(NotAllowed):
            services.merge_proposals(by=official, source=source, target=target)


class TestGetProposalFor:
    def test_other_round_is_404(self, make_round, resident):
        from django.http import Http404

        proposal = ProposalFactory(budget_round=make_round("propose"))
        with pytest.raises(Http404):
            services.get_proposal_for(resident, make_round("propose"), proposal.pk)

    def test_withdrawn_visible_to_author_only(self, make_round, resident, other_resident):
        from django.http import Http404

        budget_round = make_round("propose")
        proposal = ProposalFactory(
            budget_round=budget_round, author=resident, status=ProposalStatus.WITHDRAWN
        )
        assert services.get_proposal_for(resident, budget_round, proposal.pk) == proposal
        with pytest.raises(Http404):
            services.get_proposal_for(other_resident, budget_round, proposal.pk)

    def test_deleted_is_404(self, make_round, resident):
        from django.http import Http404

        budget_round = make_round("propose")
        proposal = ProposalFactory(budget_round=budget_round)
        pk = proposal.pk
        proposal.delete()
        with pytest.raises(Http404):
            services.get_proposal_for(resident, budget_round, pk)


def test_report_resolution_time_is_set(make_round, moderator):
    report = ReportFactory(proposal=ProposalFactory(budget_round=make_round("propose")))
    before = timezone.now()
    services.dismiss_report(by=moderator, report=report)
    report.refresh_from_db()
    assert report.resolved_at >= before
