from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from delaktig.accounts.tests.factories import UnitFactory
from delaktig.audit.models import AuditEvent
from delaktig.processes.tests.factories import AreaFactory, CategoryFactory
from delaktig.proposals.models import Comment, Proposal, ProposalStatus, Report

from .factories import (
    CommentFactory,
    ProposalFactory,
    ReportFactory,
    SupportFactory,
    assess,
    image_upload,
    text_upload,
)

pytestmark = pytest.mark.django_db


def url(name, budget_round, **kwargs):
    return reverse(name, kwargs={"slug": budget_round.slug, **kwargs})


def form_data(**overrides):
    values = {
        "title": "Belysning i Skogsparken",
        "description": "Lampor längs gångvägen så att fler vågar gå där på kvällen.",
        "estimated_cost": "120000",
        "image_alt": "",
    }
    values.update(overrides)
    return values


class TestList:
    def test_lists_published_proposals_with_filters(self, client, make_round):
        budget_round = make_round("propose")
        north, south = AreaFactory.create_batch(2, budget_round=budget_round)
        in_north = ProposalFactory(budget_round=budget_round, area=north, title="Norrut")
        ProposalFactory(budget_round=budget_round, area=south, title="Söderut")
        ProposalFactory(budget_round=budget_round, title="Dolt", status=ProposalStatus.HIDDEN)
        response = client.get(url("proposals:list", budget_round), {"area": north.pk})
        assert response.status_code == 200
        content = response.content.decode()
        assert in_north.title in content
        assert "Söderut" not in content
        assert "Dolt" not in content
        assert "Nu: Förslag" in content  # the phase banner

    def test_whoever_cannot_propose_is_told_why_and_how(self, client, make_round, resident):
        budget_round = make_round("propose")
        create = url("proposals:create", budget_round)
        content = client.get(url("proposals:list", budget_round)).content.decode()
        assert "Logga in för att lämna ett förslag" in content
        assert f"?next={create}" in content
        unit_round = make_round("propose", eligibility="unit", unit=UnitFactory())
        client.force_login(resident)
        content = client.get(url("proposals:list", unit_round)).content.decode()
        assert "Du hör inte till dem som får delta" in content
        assert "Lämna ett förslag</a>" not in content
        # Outside the proposal phase nobody is told how to propose.
        client.logout()
        content = client.get(url("proposals:list", make_round("vote"))).content.decode()
        assert "Logga in för att lämna ett förslag" not in content

    def test_tampered_filter_is_ignored(self, client, make_round):
        budget_round = make_round("propose")
        other_area = AreaFactory(budget_round=make_round("propose"))
        ProposalFactory(budget_round=budget_round, title="Syns ändå")
        response = client.get(
            url("proposals:list", budget_round),
            {"area": other_area.pk, "category": "abc", "sort": "evil", "sida": "x"},
        )
        assert response.status_code == 200
        assert "Syns ändå" in response.content.decode()

    def test_sort_by_support(self, client, make_round):
        budget_round = make_round("propose")
        ProposalFactory(budget_round=budget_round, title="Lite stöd", support_count=1)
        ProposalFactory(budget_round=budget_round, title="Mycket stöd", support_count=9)
        ProposalFactory(budget_round=budget_round, title="Inget stöd", support_count=0)
        content = client.get(
            url("proposals:list", budget_round), {"sort": "supported"}
        ).content.decode()
        assert (
            content.index("Mycket stöd") < content.index("Lite stöd") < content.index("Inget stöd")
        )

    def test_verdict_tag_only_once_published(self, client, make_round):
        budget_round = make_round("assess")
        assessment = assess(
            ProposalFactory(budget_round=budget_round), verdict="not_feasible", published=False
        )
        content = client.get(url("proposals:list", budget_round)).content.decode()
        assert "Inte genomförbart" not in content
        assessment.published_at = timezone.now()
        assessment.save()
        content = client.get(url("proposals:list", budget_round)).content.decode()
        assert "Inte genomförbart" in content

    def test_pagination(self, client, make_round):
        budget_round = make_round("propose")
        ProposalFactory.create_batch(25, budget_round=budget_round)
        response = client.get(url("proposals:list", budget_round), {"sida": 2})
        assert response.status_code == 200
        assert len(response.context["page"].object_list) == 5

    def test_query_count_does_not_grow(self, client, make_round, resident):
        budget_round = make_round("propose")
        area = AreaFactory(budget_round=budget_round)
        category = CategoryFactory(budget_round=budget_round)
        client.force_login(resident)

        def make(n):
            for _ in range(n):
                assess(ProposalFactory(budget_round=budget_round, area=area, category=category))

        def count():
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url("proposals:list", budget_round))
            assert response.status_code == 200
            return len(queries)

        make(2)
        with_two = count()
        make(18)
        assert count() == with_two


class TestDetail:
    def test_shows_proposal_and_published_assessment(self, client, make_round):
        budget_round = make_round("assess")
        proposal = ProposalFactory(budget_round=budget_round)
        assess(proposal, reason="Går att göra i vår.")
        CommentFactory(proposal=proposal, body="Bra förslag!")
        response = client.get(proposal.get_absolute_url())
        content = response.content.decode()
        assert response.status_code == 200
        assert proposal.title in content
        assert proposal.author.get_full_name() in content
        assert "Går att göra i vår." in content
        assert "Bra förslag!" in content

    def test_unpublished_assessment_is_not_shown(self, client, make_round):
        proposal = ProposalFactory(budget_round=make_round("assess"))
        assess(proposal, reason="Hemligt utkast.", published=False)
        content = client.get(proposal.get_absolute_url()).content.decode()
        assert "Hemligt utkast." not in content

    def test_hidden_shows_reason_instead_of_content(self, client, make_round):
        proposal = ProposalFactory(
            budget_round=make_round("propose"),
            status=ProposalStatus.HIDDEN,
            hidden_reason="Innehöll personuppgifter.",
            description="Känsligt innehåll",
        )
        content = client.get(proposal.get_absolute_url()).content.decode()
        assert "Innehöll personuppgifter." in content
        assert "Känsligt innehåll" not in content

    def test_merged_note(self, client, make_round):
        budget_round = make_round("assess")
        target = ProposalFactory(budget_round=budget_round, title="Huvudförslaget")
        source = ProposalFactory(
            budget_round=budget_round, status=ProposalStatus.MERGED, merged_into=target
        )
        content = client.get(source.get_absolute_url()).content.decode()
        assert "Huvudförslaget" in content
        assert target.get_absolute_url() in content

    def test_hidden_comment_shows_reason(self, client, make_round):
        comment = CommentFactory(
            proposal=ProposalFactory(budget_round=make_round("propose")),
            body="Elakt",
            is_hidden=True,
            hidden_reason="Kränkande.",
        )
        content = client.get(comment.proposal.get_absolute_url()).content.decode()
        assert "Kränkande." in content
        assert "Elakt" not in content

    def test_deleted_proposal_is_404(self, client, make_round):
        proposal = ProposalFactory(budget_round=make_round("propose"))
        address = proposal.get_absolute_url()
        proposal.delete()
        assert client.get(address).status_code == 404

    def test_proposal_of_another_round_is_404(self, client, make_round):
        proposal = ProposalFactory(budget_round=make_round("propose"))
        other = make_round("propose")
        assert client.get(url("proposals:detail", other, pk=proposal.pk)).status_code == 404

    def test_withdrawn_is_404_for_others(self, client, make_round, other_resident):
        proposal = ProposalFactory(
            budget_round=make_round("propose"), status=ProposalStatus.WITHDRAWN
        )
        client.force_login(other_resident)
        assert client.get(proposal.get_absolute_url()).status_code == 404


class TestSubmit:
    def test_anonymous_is_sent_to_sign_in(self, client, make_round):
        response = client.get(url("proposals:create", make_round("propose")))
        assert response.status_code == 302
        assert "/konto/" in response["Location"]

    def test_happy_path(self, client, make_round, resident):
        budget_round = make_round("propose")
        # Room for the cost: a cost above the area's budget is warned about first.
        area = AreaFactory(budget_round=budget_round, budget=500_000)
        client.force_login(resident)
        response = client.post(
            url("proposals:create", budget_round),
            form_data(area=area.pk, image=image_upload(), image_alt="Karta över parken"),
        )
        proposal = Proposal.objects.get()
        assert response.status_code == 302
        assert response["Location"] == proposal.get_absolute_url()
        assert proposal.author == resident
        assert proposal.area == area
        assert proposal.image
        assert AuditEvent.objects.filter(action="proposal.submitted").count() == 1

    def test_form_has_labels_and_renders(self, client, make_round, resident):
        budget_round = make_round("propose")
        AreaFactory(budget_round=budget_round)
        client.force_login(resident)
        content = client.get(url("proposals:create", budget_round)).content.decode()
        for field in ["title", "description", "estimated_cost", "area", "image", "image_alt"]:
            assert f'for="id_{field}"' in content
        assert "Skicka förslaget" in content

    @pytest.mark.parametrize("phase", ["inform", "assess", "vote", "result", "follow_up"])
    def test_wrong_phase_is_403_saying_why(self, client, make_round, resident, phase):
        budget_round = make_round(phase)
        client.force_login(resident)
        response = client.post(url("proposals:create", budget_round), form_data())
        assert response.status_code == 403
        assert "tar inte emot förslag just nu" in response.content.decode()
        assert not Proposal.objects.exists()

    def test_not_eligible_is_403(self, client, make_round, resident):
        budget_round = make_round("propose", eligibility="unit", unit=UnitFactory())
        client.force_login(resident)
        response = client.get(url("proposals:create", budget_round))
        assert response.status_code == 403
        assert "hör inte till dem som får delta" in response.content.decode()

    def test_errors_are_summarised_and_by_the_field(self, client, make_round, resident):
        budget_round = make_round("propose")
        client.force_login(resident)
        response = client.post(
            url("proposals:create", budget_round), form_data(title="x" * 121, estimated_cost="")
        )
        content = response.content.decode()
        assert response.status_code == 200
        assert "data-error-summary" in content
        assert 'href="#id_title"' in content
        assert 'href="#id_estimated_cost"' in content
        assert 'id="id_title_error"' in content
        assert 'aria-invalid="true"' in content
        assert not Proposal.objects.exists()

    def test_a_title_with_a_line_break_is_refused_in_swedish(self, client, make_round, resident):
        budget_round = make_round("propose")
        client.force_login(resident)
        response = client.post(
            url("proposals:create", budget_round), form_data(title="Belysning\nVOTES\n1;2")
        )
        content = response.content.decode()
        assert response.status_code == 200
        assert 'id="id_title_error"' in content
        assert "Skriv rubriken på en rad" in content
        assert not Proposal.objects.exists()

    def test_tampered_area_from_another_round(self, client, make_round, resident):
        budget_round = make_round("propose")
        AreaFactory(budget_round=budget_round)
        foreign = AreaFactory(budget_round=make_round("propose"))
        client.force_login(resident)
        response = client.post(url("proposals:create", budget_round), form_data(area=foreign.pk))
        assert response.status_code == 200
        assert "id_area_error" in response.content.decode()
        assert not Proposal.objects.exists()

    def test_bad_image_type(self, client, make_round, resident):
        budget_round = make_round("propose")
        client.force_login(resident)
        response = client.post(
            url("proposals:create", budget_round),
            form_data(image=text_upload(), image_alt="Bild"),
        )
        assert response.status_code == 200
        assert "JPEG, PNG eller WebP" in response.content.decode()
        assert not Proposal.objects.exists()

    def test_gif_is_refused(self, client, make_round, resident):
        budget_round = make_round("propose")
        client.force_login(resident)
        response = client.post(
            url("proposals:create", budget_round),
            form_data(image=image_upload("a.gif", "GIF"), image_alt="Bild"),
        )
        assert "JPEG, PNG eller WebP" in response.content.decode()
        assert not Proposal.objects.exists()

    def test_oversized_image(self, client, make_round, resident, settings):
        settings.MAX_IMAGE_UPLOAD_BYTES = 50
        budget_round = make_round("propose")
        client.force_login(resident)
        response = client.post(
            url("proposals:create", budget_round),
            form_data(image=image_upload(size=(64, 64)), image_alt="Bild"),
        )
        assert response.status_code == 200
        assert "Bilden är för stor" in response.content.decode()
        assert not Proposal.objects.exists()

    def test_image_without_description(self, client, make_round, resident):
        budget_round = make_round("propose")
        client.force_login(resident)
        response = client.post(
            url("proposals:create", budget_round), form_data(image=image_upload())
        )
        assert 'href="#id_image_alt"' in response.content.decode()
        assert not Proposal.objects.exists()


class TestEdit:
    def test_author_edits(self, client, make_round, resident):
        proposal = ProposalFactory(budget_round=make_round("propose"), author=resident)
        client.force_login(resident)
        response = client.post(
            url("proposals:edit", proposal.budget_round, pk=proposal.pk), form_data(title="Ny")
        )
        assert response.status_code == 302
        proposal.refresh_from_db()
        assert proposal.title == "Ny"

    def test_other_person_gets_403(self, client, make_round, resident, other_resident):
        proposal = ProposalFactory(budget_round=make_round("propose"), author=resident)
        client.force_login(other_resident)
        response = client.post(
            url("proposals:edit", proposal.budget_round, pk=proposal.pk), form_data(title="Ny")
        )
        assert response.status_code == 403
        assert "Bara den som skrev förslaget" in response.content.decode()
        proposal.refresh_from_db()
        assert proposal.title != "Ny"

    def test_after_the_phase_ended(self, client, make_round, resident, time_machine):
        budget_round = make_round("propose")
        proposal = ProposalFactory(budget_round=budget_round, author=resident)
        time_machine.move_to(budget_round.phase_of_kind("propose").ends_at + timedelta(hours=1))
        client.force_login(resident)
        response = client.post(
            url("proposals:edit", budget_round, pk=proposal.pk), form_data(title="Sent")
        )
        assert response.status_code == 403
        assert "förslagsperioden" in response.content.decode()
        proposal.refresh_from_db()
        assert proposal.title != "Sent"

    def test_withdraw(self, client, make_round, resident):
        proposal = ProposalFactory(budget_round=make_round("propose"), author=resident)
        client.force_login(resident)
        address = url("proposals:withdraw", proposal.budget_round, pk=proposal.pk)
        assert client.get(address).status_code == 200
        assert client.post(address).status_code == 302
        proposal.refresh_from_db()
        assert proposal.status == ProposalStatus.WITHDRAWN

    def test_withdraw_by_other_is_403(self, client, make_round, resident, other_resident):
        proposal = ProposalFactory(budget_round=make_round("propose"), author=resident)
        client.force_login(other_resident)
        response = client.post(url("proposals:withdraw", proposal.budget_round, pk=proposal.pk))
        assert response.status_code == 403
        proposal.refresh_from_db()
        assert proposal.status == ProposalStatus.PUBLISHED


class TestCommentSupportReport:
    def test_comment(self, client, make_round, other_resident):
        proposal = ProposalFactory(budget_round=make_round("propose"))
        client.force_login(other_resident)
        response = client.post(
            url("proposals:comment", proposal.budget_round, pk=proposal.pk), {"body": "Ja!"}
        )
        assert response.status_code == 302
        assert Comment.objects.get().body == "Ja!"

    def test_empty_comment_re_renders_with_error(self, client, make_round, other_resident):
        proposal = ProposalFactory(budget_round=make_round("propose"))
        client.force_login(other_resident)
        response = client.post(
            url("proposals:comment", proposal.budget_round, pk=proposal.pk), {"body": ""}
        )
        assert response.status_code == 400
        assert 'href="#id_body"' in response.content.decode()
        assert not Comment.objects.exists()

    def test_comment_in_wrong_phase_is_403(self, client, make_round, other_resident):
        proposal = ProposalFactory(budget_round=make_round("follow_up"))
        client.force_login(other_resident)
        response = client.post(
            url("proposals:comment", proposal.budget_round, pk=proposal.pk), {"body": "Hej"}
        )
        assert response.status_code == 403
        assert not Comment.objects.exists()

    def test_support_toggle(self, client, make_round, resident):
        proposal = ProposalFactory(budget_round=make_round("propose"))
        client.force_login(resident)
        address = url("proposals:support", proposal.budget_round, pk=proposal.pk)
        client.post(address)
        proposal.refresh_from_db()
        assert proposal.support_count == 1
        response = client.post(address, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        assert "Stöd förslaget" in response.content.decode()
        proposal.refresh_from_db()
        assert proposal.support_count == 0

    def test_support_get_is_405(self, client, make_round, resident):
        proposal = ProposalFactory(budget_round=make_round("propose"))
        client.force_login(resident)
        assert (
            client.get(url("proposals:support", proposal.budget_round, pk=proposal.pk)).status_code
            == 405
        )

    def test_support_in_vote_phase_is_403(self, client, make_round, resident):
        proposal = ProposalFactory(budget_round=make_round("vote"))
        SupportFactory(proposal=proposal)
        client.force_login(resident)
        response = client.post(url("proposals:support", proposal.budget_round, pk=proposal.pk))
        assert response.status_code == 403

    def test_report_proposal(self, client, make_round, other_resident):
        proposal = ProposalFactory(budget_round=make_round("propose"))
        client.force_login(other_resident)
        address = url("proposals:report", proposal.budget_round, pk=proposal.pk)
        assert client.get(address).status_code == 200
        response = client.post(address, {"reason": "Rasistiskt"})
        assert response.status_code == 302
        assert Report.objects.get().proposal == proposal

    def test_report_comment(self, client, make_round, other_resident):
        comment = CommentFactory(proposal=ProposalFactory(budget_round=make_round("propose")))
        client.force_login(other_resident)
        address = url("proposals:report", comment.proposal.budget_round, pk=comment.proposal_id)
        response = client.post(address, {"reason": "Spam", "comment": comment.pk})
        assert response.status_code == 302
        assert Report.objects.get().comment == comment

    @pytest.mark.parametrize("tampered", ["999999", "abc"])
    def test_report_tampered_comment_is_404(self, client, make_round, other_resident, tampered):
        proposal = ProposalFactory(budget_round=make_round("propose"))
        client.force_login(other_resident)
        address = url("proposals:report", proposal.budget_round, pk=proposal.pk)
        assert client.post(address, {"reason": "x", "comment": tampered}).status_code == 404
        assert not Report.objects.exists()


class TestModerationQueue:
    def test_moderator_sees_open_reports(self, client, make_round, moderator):
        report = ReportFactory(
            proposal=ProposalFactory(budget_round=make_round("propose")), reason="Hets"
        )
        client.force_login(moderator)
        response = client.get(url("proposals_manage:moderation", report.proposal.budget_round))
        assert response.status_code == 200
        assert "Hets" in response.content.decode()

    @pytest.mark.parametrize("role", ["resident", "official"])
    def test_non_moderator_is_403(self, client, make_round, request, role):
        report = ReportFactory(proposal=ProposalFactory(budget_round=make_round("propose")))
        client.force_login(request.getfixturevalue(role))
        budget_round = report.proposal.budget_round
        assert client.get(url("proposals_manage:moderation", budget_round)).status_code == 403
        response = client.post(
            url("proposals_manage:report_hide", budget_round, pk=report.pk),
            {f"report-{report.pk}-reason": "Nej"},
        )
        assert response.status_code == 403
        report.proposal.refresh_from_db()
        assert report.proposal.status == ProposalStatus.PUBLISHED

    def test_hide_with_reason(self, client, make_round, moderator):
        report = ReportFactory(proposal=ProposalFactory(budget_round=make_round("propose")))
        client.force_login(moderator)
        response = client.post(
            url("proposals_manage:report_hide", report.proposal.budget_round, pk=report.pk),
            {f"report-{report.pk}-reason": "Kränkande innehåll.", "confirm": "yes"},
        )
        assert response.status_code == 302
        report.proposal.refresh_from_db()
        assert report.proposal.status == ProposalStatus.HIDDEN
        assert AuditEvent.objects.filter(action="proposal.hidden", actor=moderator).exists()

    def test_hide_without_reason_shows_error(self, client, make_round, moderator):
        report = ReportFactory(proposal=ProposalFactory(budget_round=make_round("propose")))
        client.force_login(moderator)
        response = client.post(
            url("proposals_manage:report_hide", report.proposal.budget_round, pk=report.pk),
            {f"report-{report.pk}-reason": ""},
        )
        assert response.status_code == 400
        assert f'href="#id_report-{report.pk}-reason"' in response.content.decode()
        report.proposal.refresh_from_db()
        assert report.proposal.status == ProposalStatus.PUBLISHED

    def test_dismiss_is_checked_first(self, client, make_round, moderator):
        report = ReportFactory(
            proposal=ProposalFactory(budget_round=make_round("propose")), reason="Reklam"
        )
        client.force_login(moderator)
        address = url("proposals_manage:report_dismiss", report.proposal.budget_round, pk=report.pk)
        for check in (client.get(address), client.post(address)):
            content = check.content.decode()
            assert check.status_code == 200
            assert "Avfärda anmälan?" in content and "Reklam" in content
            assert 'name="confirm" value="yes"' in content
        report.refresh_from_db()
        assert report.resolved_at is None  # a plain POST does not act
        assert not AuditEvent.objects.filter(action="report.dismissed").exists()
        response = client.post(address, {"confirm": "yes"})
        assert response.status_code == 302
        report.refresh_from_db()
        assert report.resolution == "dismissed" and report.resolved_by == moderator

    def test_dismissing_a_handled_report_twice_says_so(self, client, make_round, moderator):
        report = ReportFactory(proposal=ProposalFactory(budget_round=make_round("propose")))
        client.force_login(moderator)
        address = url("proposals_manage:report_dismiss", report.proposal.budget_round, pk=report.pk)
        client.post(address, {"confirm": "yes"})
        for again in (
            client.get(address, follow=True),
            client.post(address, {"confirm": "yes"}, follow=True),
        ):
            assert "Anmälan är redan hanterad." in again.content.decode()
        assert AuditEvent.objects.filter(action="report.dismissed").count() == 1

    @pytest.mark.parametrize("role", ["resident", "official"])
    def test_only_moderators_dismiss(self, client, make_round, request, role):
        report = ReportFactory(proposal=ProposalFactory(budget_round=make_round("propose")))
        client.force_login(request.getfixturevalue(role))
        address = url("proposals_manage:report_dismiss", report.proposal.budget_round, pk=report.pk)
        assert client.get(address).status_code == 403
        assert client.post(address, {"confirm": "yes"}).status_code == 403
        report.refresh_from_db()
        assert report.resolved_at is None

    def test_report_of_other_round_is_404(self, client, make_round, moderator):
        report = ReportFactory(proposal=ProposalFactory(budget_round=make_round("propose")))
        client.force_login(moderator)
        other = make_round("propose")
        assert (
            client.post(
                url("proposals_manage:report_dismiss", other, pk=report.pk), {"confirm": "yes"}
            ).status_code
            == 404
        )


class TestImageKeptAfterAnError:
    """Issue 11, broken item 4: an image that passed its checks is not lost when another field
    is wrong; the form says it is kept, and sending again without choosing it uses it."""

    def test_kept_image_is_said_and_used_on_the_next_send(self, client, make_round, resident):
        budget_round = make_round("propose")
        client.force_login(resident)
        address = url("proposals:create", budget_round)
        response = client.post(
            address,
            form_data(title="", image=image_upload("parken.png"), image_alt="Karta över parken"),
        )
        assert response.status_code == 200
        content = response.content.decode()
        assert "Bilden är sparad: parken.png" in content
        token = response.context["kept_image"].token
        assert f'name="kept_image" value="{token}"' in content
        response = client.post(address, form_data(kept_image=token, image_alt="Karta över parken"))
        assert response.status_code == 302
        proposal = Proposal.objects.get()
        assert proposal.image
        assert proposal.image_alt == "Karta över parken"
        # Used once: the temporary copy is gone.
        assert token not in client.session.get("kept_proposal_images", {})

    def test_someone_elses_token_is_ignored(self, client, make_round, resident, other_resident):
        budget_round = make_round("propose")
        client.force_login(resident)
        address = url("proposals:create", budget_round)
        response = client.post(
            address, form_data(title="", image=image_upload(), image_alt="Karta")
        )
        token = response.context["kept_image"].token
        client.force_login(other_resident)
        response = client.post(address, form_data(kept_image=token, image_alt="Karta"))
        assert response.status_code == 302
        assert not Proposal.objects.get().image

    def test_a_new_choice_replaces_the_kept_image(self, client, make_round, resident):
        budget_round = make_round("propose")
        client.force_login(resident)
        address = url("proposals:create", budget_round)
        response = client.post(
            address, form_data(title="", image=image_upload("a.png"), image_alt="Karta")
        )
        token = response.context["kept_image"].token
        response = client.post(
            address,
            form_data(kept_image=token, image=image_upload("b.png", size=(20, 10)), image_alt="K"),
        )
        assert response.status_code == 302
        assert Proposal.objects.get().image.width == 20

    def test_old_kept_files_are_cleaned_up(self, settings, tmp_path):
        import os
        import time

        from delaktig.proposals import kept_images

        settings.KEPT_IMAGE_DIR = tmp_path
        old = tmp_path / "old.img"
        old.write_bytes(b"x")
        two_hours_ago = time.time() - 2 * 3600
        os.utime(old, (two_hours_ago, two_hours_ago))
        fresh = tmp_path / "fresh.img"
        fresh.write_bytes(b"x")
        kept_images.clean_up()
        assert not old.exists()
        assert fresh.exists()


class TestCostAsPeopleWriteIt:
    """Issue 11: costs are written the way people write money."""

    @pytest.mark.parametrize(
        "written",
        [
            "85000",
            "85 000",
            "85 000 kr",
            "85 000:-",
            "85000 kronor",
            "85\u00a0000\u00a0kr",
            "85 000 Kr.",
        ],
    )
    def test_accepted(self, client, make_round, resident, written):
        budget_round = make_round("propose")
        client.force_login(resident)
        response = client.post(
            url("proposals:create", budget_round), form_data(estimated_cost=written)
        )
        assert response.status_code == 302
        assert Proposal.objects.get().estimated_cost == 85_000

    @pytest.mark.parametrize("written", ["85,5", "85 00", "åttiofemtusen", "-5", "85 000 euro"])
    def test_refused_with_an_example(self, client, make_round, resident, written):
        budget_round = make_round("propose")
        client.force_login(resident)
        response = client.post(
            url("proposals:create", budget_round), form_data(estimated_cost=written)
        )
        assert response.status_code == 200
        assert "till exempel 85 000" in response.content.decode()
        assert not Proposal.objects.exists()

    def test_a_cost_above_the_area_budget_is_warned_about_once(self, client, make_round, resident):
        budget_round = make_round("propose")
        area = AreaFactory(budget_round=budget_round, name="Norra", budget=500_000)
        client.force_login(resident)
        address = url("proposals:create", budget_round)
        response = client.post(address, form_data(area=area.pk, estimated_cost="600 000"))
        assert response.status_code == 200
        content = response.content.decode()
        assert "Kontrollera kostnaden" in content
        assert "500\u00a0000\u00a0kr" in content
        assert 'name="cost_confirmed" value="600000"' in content
        assert not Proposal.objects.exists()
        response = client.post(
            address, form_data(area=area.pk, estimated_cost="600 000", cost_confirmed="600000")
        )
        assert response.status_code == 302
        assert Proposal.objects.get().estimated_cost == 600_000

    def test_a_cost_within_the_budget_is_not_stopped(self, client, make_round, resident):
        budget_round = make_round("propose")
        area = AreaFactory(budget_round=budget_round, budget=500_000)
        client.force_login(resident)
        response = client.post(
            url("proposals:create", budget_round), form_data(area=area.pk, estimated_cost="500000")
        )
        assert response.status_code == 302


class TestListCards:
    """Issue 11: the list shows a thumbnail and the start of the description."""

    def test_thumbnail_and_excerpt(self, client, make_round):
        budget_round = make_round("propose")
        long_text = "Lampor längs gångvägen. " + "Fler vågar gå där på kvällen. " * 20 + "SLUTET"
        with_image = ProposalFactory(budget_round=budget_round, description=long_text)
        with_image.image.save("image.png", image_upload(), save=True)
        with_image.image_alt = "Gångvägen i mörker"
        with_image.save()
        ProposalFactory(budget_round=budget_round, title="Utan bild")
        content = client.get(url("proposals:list", budget_round)).content.decode()
        assert f'src="{with_image.image.url}" alt=""' in content
        assert content.count('class="card__image"') == 1
        assert "Lampor längs gångvägen. Fler vågar" in content
        assert "SLUTET" not in content
