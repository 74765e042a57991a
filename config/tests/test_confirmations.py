"""Issue 11: irreversible steps check before they act (GOV.UK "check your answers").

Publishing a round, publishing assessments, publishing a result and hiding content each go
through a page that says what will happen, to whom, and what cannot be undone; only the POST of
its button does the step, and the message afterwards says what happens next.
"""

import pytest
from django.urls import reverse

from delaktig.assessments.tests.factories import AssessmentFactory
from delaktig.processes.tests.factories import BudgetRoundFactory, set_phases
from delaktig.proposals.models import ProposalStatus
from delaktig.proposals.tests.factories import ProposalFactory, ReportFactory
from delaktig.results import services as result_services
from delaktig.results.tests.factories import box_with_ballots

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def follow_message(client, response) -> str:
    return text(client.get(response.url))


@pytest.fixture
def draft(db):
    budget_round = BudgetRoundFactory(status="draft")
    set_phases(budget_round, None)
    return budget_round


class TestPublishRound:
    def test_get_and_plain_post_say_what_happens_and_change_nothing(self, client, official, draft):
        client.force_login(official)
        publish = reverse("processes_manage:round_publish", args=[draft.slug])
        manage = text(client.get(reverse("processes_manage:round_manage", args=[draft.slug])))
        assert f'href="{publish}"' in manage  # the button leads to the check
        for response in (client.get(publish), client.post(publish)):
            assert response.status_code == 200
            page = text(response)
            assert "Publicera omgången?" in page
            assert "Alla kan se omgången" in page
            assert "Du kan inte göra den till utkast igen." in page
        draft.refresh_from_db()
        assert not draft.is_published

    def test_the_confirm_button_publishes_and_says_what_happens_next(self, client, official, draft):
        client.force_login(official)
        publish = reverse("processes_manage:round_publish", args=[draft.slug])
        response = client.post(publish, {"confirm": "yes"})
        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.is_published
        assert "Det som händer nu" in follow_message(client, response)

    @pytest.mark.parametrize("role", ["resident", "moderator"])
    def test_wrong_role_is_403(self, client, request, role, draft):
        client.force_login(request.getfixturevalue(role))
        publish = reverse("processes_manage:round_publish", args=[draft.slug])
        assert client.get(publish).status_code == 403
        assert client.post(publish, {"confirm": "yes"}).status_code == 403
        draft.refresh_from_db()
        assert not draft.is_published


class TestPublishResult:
    @pytest.fixture
    def counted(self, make_round, official):
        budget_round = make_round("result", total_budget=50_000)
        box, _ = box_with_ballots(
            budget_round, costs={"A": 30_000, "B": 20_000}, ballots=[["A"], ["A", "B"]]
        )
        result_services.run_tally(by=official, box=box)
        return budget_round

    def test_get_says_what_happens_and_publishes_nothing(self, client, official, counted):
        client.force_login(official)
        publish = reverse("results_manage:publish", args=[counted.slug])
        overview = text(client.get(reverse("results_manage:overview", args=[counted.slug])))
        assert f'href="{publish}"' in overview
        for response in (client.get(publish), client.post(publish)):
            assert response.status_code == 200
            page = text(response)
            assert "Publicera resultatet?" in page
            assert "kan inte ändras" in page
            assert "2 röstsedlar" in page
        counted.refresh_from_db()
        assert counted.result_published_at is None

    def test_the_confirm_button_publishes(self, client, official, counted):
        client.force_login(official)
        publish = reverse("results_manage:publish", args=[counted.slug])
        response = client.post(publish, {"confirm": "yes"})
        assert response.status_code == 302
        counted.refresh_from_db()
        assert counted.result_published_at is not None
        assert "Det som händer nu" in follow_message(client, response)

    @pytest.mark.parametrize("role", ["resident", "moderator"])
    def test_wrong_role_is_403(self, client, request, role, counted):
        client.force_login(request.getfixturevalue(role))
        publish = reverse("results_manage:publish", args=[counted.slug])
        assert client.get(publish).status_code == 403
        assert client.post(publish, {"confirm": "yes"}).status_code == 403
        counted.refresh_from_db()
        assert counted.result_published_at is None


class TestPublishAssessments:
    def test_the_confirm_button_publishes(self, client, official, make_round):
        assessment = AssessmentFactory(proposal__budget_round=make_round("assess"))
        client.force_login(official)
        publish = reverse(
            "assessments_manage:publish", args=[assessment.proposal.budget_round.slug]
        )
        assert "1" in text(client.get(publish))
        response = client.post(publish, {"confirm": "yes"})
        assert response.status_code == 302
        assessment.refresh_from_db()
        assert assessment.published_at is not None
        assert "Det som händer nu" in follow_message(client, response)

    @pytest.mark.parametrize("role", ["resident", "moderator"])
    def test_wrong_role_is_403(self, client, request, role, make_round):
        assessment = AssessmentFactory(proposal__budget_round=make_round("assess"))
        client.force_login(request.getfixturevalue(role))
        publish = reverse(
            "assessments_manage:publish", args=[assessment.proposal.budget_round.slug]
        )
        assert client.get(publish).status_code == 403
        assert client.post(publish, {"confirm": "yes"}).status_code == 403
        assessment.refresh_from_db()
        assert assessment.published_at is None


class TestHideReported:
    def test_the_hide_form_leads_to_a_check_that_hides_nothing(self, client, moderator, make_round):
        report = ReportFactory(proposal=ProposalFactory(budget_round=make_round("propose")))
        client.force_login(moderator)
        hide = reverse(
            "proposals_manage:report_hide", args=[report.proposal.budget_round.slug, report.pk]
        )
        response = client.post(hide, {f"report-{report.pk}-reason": "Kränkande innehåll."})
        assert response.status_code == 200
        page = text(response)
        assert "Dölja innehållet?" in page
        assert "Kränkande innehåll." in page and report.proposal.title in page
        assert "Alla ser anledningen nedan i stället för texten." in page
        report.proposal.refresh_from_db()
        assert report.proposal.status == ProposalStatus.PUBLISHED

        response = client.post(
            hide, {f"report-{report.pk}-reason": "Kränkande innehåll.", "confirm": "yes"}
        )
        assert response.status_code == 302
        report.proposal.refresh_from_db()
        assert report.proposal.status == ProposalStatus.HIDDEN
        assert report.proposal.hidden_reason == "Kränkande innehåll."

    def test_wrong_role_is_403(self, client, official, make_round):
        report = ReportFactory(proposal=ProposalFactory(budget_round=make_round("propose")))
        client.force_login(official)
        hide = reverse(
            "proposals_manage:report_hide", args=[report.proposal.budget_round.slug, report.pk]
        )
        response = client.post(hide, {f"report-{report.pk}-reason": "Nej", "confirm": "yes"})
        assert response.status_code == 403
        report.proposal.refresh_from_db()
        assert report.proposal.status == ProposalStatus.PUBLISHED
