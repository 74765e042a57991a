"""The council report: made once by the task queue, tagged, holding the page's numbers; read by
the round's case officers and the elected members only until it is published."""

import re
from io import BytesIO

import pytest
from django.urls import reverse

from delaktig.accounts.tests.factories import UserFactory
from delaktig.audit.models import AuditEvent
from delaktig.core.errors import Conflict, NotAllowed
from delaktig.council import services
from delaktig.council.models import CouncilReport, ReportStatus
from delaktig.council.tasks import make_council_report
from delaktig.dialogue.tests.pdf_check import structure
from delaktig.surveys.tests.factories import QuestionFactory, SurveyFactory, stored_response

from .factories import follow_up, published_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(make_round, official, django_capture_on_commit_callbacks):
    budget_round, proposals = published_round(make_round, official)
    follow_up(budget_round, proposals)
    evaluation = SurveyFactory(process=budget_round, purpose="evaluation", title="Vad tyckte du?")
    question = QuestionFactory(survey=evaluation, kind="long_text")
    for n in range(6):
        stored_response(evaluation, {question: f"Bra ({n})"})
    with django_capture_on_commit_callbacks(execute=True):
        report = services.request_report(by=official, budget_round=budget_round)
    report.refresh_from_db()
    return budget_round, report


def pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


def page_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html).replace("&nbsp;", " ")).replace(
        "\xa0", " "
    )


def test_the_pdf_is_tagged_and_holds_the_numbers_of_the_page(reported, client, official):
    budget_round, report = reported
    assert report.status == ReportStatus.READY and report.made_at is not None
    pdf = report.pdf.read()
    found = structure(pdf)
    assert found["tagged"] and found["language"] == "sv" and found["shows_title"]
    assert "Rapport till fullmäktige" in found["title"]
    assert {"/H1", "/H2", "/Table", "/TH"} <= found["tags"]

    figures = report.figures
    # the numbers as the round's page shows them now
    client.force_login(official)
    page = page_text(
        client.get(reverse("council:round", args=[budget_round.slug])).content.decode()
    )
    text = pdf_text(pdf)
    assert figures["voters"] == 20 and figures["turnout"] == "14,3\xa0%"
    assert figures["projects"] == 3 and figures["projects_by_status"]["delayed"] == 1
    for value in (
        figures["turnout"],
        figures["budget"],
        figures["money_used"],
        figures["budgeted"],
        figures["spent"],
    ):
        shown = value.replace("\xa0", " ")
        assert shown in text, value
        assert shown in page, value
    for label, n in (("Väljare", 20), ("I röstlängden", 140), ("Projekt", 3), ("Försenad", 1)):
        assert f"{label} {n}" in text and f"{label} {n}" in page
    # the decision, the goal's indicator (baseline, latest, target) and the reasons
    assert "Kommunstyrelsen" in text and "KS 2026/123" in text
    assert "Förslag E byggs ihop med skolgården" in text
    assert "61,5" in text and "67,25" in text and "75" in text
    assert "Leverantören är sen." in text
    assert "Utvärderingsenkäten" in text and "Svar 6" in text  # its key figures


def test_asking_twice_at_once_makes_one_report(make_round, official):
    budget_round, _proposals = published_round(make_round, official)
    first = services.request_report(by=official, budget_round=budget_round)  # not yet made
    with pytest.raises(Conflict, match="redan på väg att göras"):
        services.request_report(by=official, budget_round=budget_round)
    assert CouncilReport.objects.filter(budget_round=budget_round).count() == 1
    assert make_council_report.call(first.pk) is True
    assert make_council_report.call(first.pk) is False  # a task run twice makes it once
    second = services.request_report(by=official, budget_round=budget_round)
    assert second.number == 2


def test_a_round_without_a_result_gives_a_clear_message(make_round, official, client):
    budget_round, _proposals = published_round(make_round, official, publish=False)
    with pytest.raises(NotAllowed, match="inget publicerat resultat"):
        services.request_report(by=official, budget_round=budget_round)
    client.force_login(official)
    url = reverse("council:round", args=[budget_round.slug])
    page = client.get(url).content.decode()
    assert "inget publicerat resultat" in page
    response = client.post(reverse("council:make", args=[budget_round.slug]), follow=True)
    assert "inget publicerat resultat" in response.content.decode()
    assert not CouncilReport.objects.exists()


def test_readers_of_the_draft(reported, client, official, elected, resident):
    budget_round, report = reported
    url = reverse("council:download", args=[budget_round.slug, report.number])
    for reader in (official, elected):
        client.force_login(reader)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    other_official = UserFactory(is_official=True)
    budget_round.officials.add(official)  # now the round has its own case officers
    for outsider in (resident, other_official):
        client.force_login(outsider)
        assert client.get(url).status_code == 403
        assert client.get(reverse("council:round", args=[budget_round.slug])).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302  # to the sign-in page
    public = reverse("council:public_pdf", args=[budget_round.slug])
    assert client.get(public).status_code == 404  # not published


def test_elected_members_change_nothing(reported, client, elected):
    budget_round, report = reported
    client.force_login(elected)
    assert client.post(reverse("council:make", args=[budget_round.slug])).status_code == 302
    assert CouncilReport.objects.filter(budget_round=budget_round).count() == 1
    publish = reverse("council:publish", args=[budget_round.slug, report.number])
    assert client.post(publish, {"confirm": "yes"}).status_code == 403
    report.refresh_from_db()
    assert report.published_at is None
    with pytest.raises(NotAllowed):
        services.request_report(by=elected, budget_round=budget_round)


def test_publishing_asks_first_then_everyone_can_download(reported, client, official):
    budget_round, report = reported
    client.force_login(official)
    url = reverse("council:publish", args=[budget_round.slug, report.number])
    page = client.get(url).content.decode()
    assert "Vill du publicera rapporten" in page or "publicera" in page.lower()
    report.refresh_from_db()
    assert report.published_at is None
    client.post(url, {"confirm": "yes"})
    report.refresh_from_db()
    assert report.published_at is not None
    assert AuditEvent.objects.filter(action="council_report.published").count() == 1
    client.logout()
    response = client.get(reverse("council:public_pdf", args=[budget_round.slug]))
    assert response.status_code == 200
    round_page = client.get(reverse("processes:round_detail", args=[budget_round.slug]))
    assert reverse("council:public_pdf", args=[budget_round.slug]) in round_page.content.decode()
    with pytest.raises(Conflict):
        services.publish_report(by=official, report=report)


def test_a_failed_report_can_be_asked_for_again(make_round, official, monkeypatch):
    budget_round, _proposals = published_round(make_round, official)
    report = services.request_report(by=official, budget_round=budget_round)

    def broken(*args, **kwargs):
        raise RuntimeError("Pango is missing")

    monkeypatch.setattr("delaktig.council.tasks.report_pdf", broken)
    with pytest.raises(RuntimeError):
        make_council_report.call(report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert services.request_report(by=official, budget_round=budget_round).number == 2


def test_a_report_left_in_the_making_by_a_crashed_worker_does_not_block(make_round, official):
    from datetime import timedelta

    from django.utils import timezone

    budget_round, _proposals = published_round(make_round, official)
    stuck = services.request_report(by=official, budget_round=budget_round)
    CouncilReport.objects.filter(pk=stuck.pk).update(
        status=ReportStatus.MAKING, updated_at=timezone.now() - timedelta(hours=1)
    )
    assert services.request_report(by=official, budget_round=budget_round).number == 2
    stuck.refresh_from_db()
    assert stuck.status == ReportStatus.FAILED


def test_a_draft_report_is_not_a_public_file(reported, settings):
    """Attack: guess the draft's address under /media/ (the round's slug and the version
    number make its file name) and read the council report before it is published, bypassing
    the readers' check of the download view. The PDF is kept outside MEDIA_ROOT, which the web
    server publishes; only the views hand it out."""
    from pathlib import Path

    _budget_round, report = reported
    path = Path(report.pdf.path).resolve()
    assert Path(settings.MEDIA_ROOT).resolve() not in path.parents
    assert Path(settings.PRIVATE_MEDIA_ROOT).resolve() in path.parents
