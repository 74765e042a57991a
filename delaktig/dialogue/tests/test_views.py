import pytest
from django.urls import reverse

from delaktig.accounts.tests.factories import UserFactory

from .. import services
from ..models import Block, BlockKind, ReportVersion
from ..services import BlockData
from .factories import dialogue_with_quote

pytestmark = pytest.mark.django_db


def url(name, process, **kwargs):
    return reverse(name, kwargs={"slug": process.slug, **kwargs})


def published(official, body="Vi återkommer i juni."):
    process, _theme, _quote = dialogue_with_quote()
    report = services.report_for(process)
    services.add_block(by=official, report=report, data=BlockData(BlockKind.NEXT_STEPS, body=body))
    services.publish_version(by=official, report=report)
    return process, report


def test_before_publishing_residents_are_told_it_comes_later(client):
    process, _theme, _quote = dialogue_with_quote()
    page = client.get(url("dialogue:report", process))
    assert page.status_code == 200
    assert "Rapporten är inte publicerad än" in page.content.decode()


def test_the_published_report_and_its_earlier_versions_stay_readable(client, official):
    process, report = published(official, body="Första texten.")
    block = report.blocks.get()
    services.update_block(
        by=official, block=block, data=BlockData(BlockKind.NEXT_STEPS, body="Rättad text.")
    )
    services.publish_version(by=official, report=report, change_note="Rättade datumet.")
    latest = client.get(url("dialogue:report", process)).content.decode()
    assert "Rättad text." in latest and "Rättade datumet." in latest
    assert "Alla versioner" in latest
    first = client.get(url("dialogue:version", process, number=1)).content.decode()
    assert "Första texten." in first and "en tidigare version" in first
    assert client.get(url("dialogue:version", process, number=9)).status_code == 404


def test_markdown_from_an_official_cannot_inject_script(client, official):
    process, _report = published(
        official, body="<script>alert(1)</script> [x](javascript:alert(1))"
    )
    content = client.get(url("dialogue:report", process)).content.decode()
    assert "<script>alert(1)" not in content and 'href="javascript' not in content


def test_a_budget_round_has_no_dialogue_report(client):
    from delaktig.processes.tests.factories import BudgetRoundFactory

    budget_round = BudgetRoundFactory()
    assert client.get(url("dialogue:report", budget_round)).status_code == 403


def test_the_pdf_downloads_once_made(
    client, official, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        process, _report = published(official)
    response = client.get(url("dialogue:pdf", process, number=1))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("who", ["resident", "moderator", "other_official"])
def test_only_the_dialogues_officials_reach_the_compose_pages(client, official, who, resident):
    process, _theme, _quote = dialogue_with_quote()
    process.officials.add(official)
    people = {
        "resident": resident,
        "moderator": UserFactory(is_moderator=True),
        "other_official": UserFactory(is_official=True),
    }
    client.force_login(people[who])
    for name in ("dialogue_manage:compose", "dialogue_manage:preview", "dialogue_manage:publish"):
        assert client.get(url(name, process)).status_code == 403, name


def test_an_official_composes_and_publishes_through_the_pages(client, official):
    process, theme, quote = dialogue_with_quote()
    client.force_login(official)
    compose = url("dialogue_manage:compose", process)
    assert client.get(compose).status_code == 200
    add = url("dialogue_manage:block_add", process)
    assert client.get(add, {"kind": "bogus"}).status_code == 302  # a clear message, no 500
    refused = client.post(add, {"kind": "text", "heading": "Tom", "body": ""})
    assert refused.status_code == 200 and "Något behöver rättas" in refused.content.decode()
    assert not Block.objects.exists()
    client.post(
        add,
        {
            "kind": "theme",
            "heading": "",
            "body": "Om information",
            "theme": theme.pk,
            "quotes": [quote.pk],
        },
    )
    client.post(add, {"kind": "next_steps", "heading": "Vad händer nu?", "body": "Beslut i juni."})
    assert Block.objects.count() == 2
    tampered = client.post(url("dialogue_manage:block_edit", process, block_id=999999), {})
    assert tampered.status_code == 404
    preview = client.get(url("dialogue_manage:preview", process)).content.decode()
    assert "Förhandsvisning" in preview and quote.text in preview
    page = client.get(url("dialogue_manage:publish", process))
    assert "Ja, publicera rapporten" in page.content.decode()
    assert not ReportVersion.objects.exists()  # a GET publishes nothing
    client.post(url("dialogue_manage:publish", process), {"confirm": "yes"})
    assert ReportVersion.objects.get().number == 1
    again = client.post(url("dialogue_manage:publish", process), {"confirm": "yes"})
    assert "Skriv vad som har ändrats" in again.content.decode()
    assert ReportVersion.objects.count() == 1


def test_you_said_we_did_through_the_pages(client, official):
    process, _theme, _quote = dialogue_with_quote()
    client.force_login(official)
    form = url("dialogue_manage:feedback", process)
    refused = client.post(form, {"decided": "", "used": ""})
    assert refused.status_code == 200
    client.post(form, {"decided": "Mer tid för APT.", "used": "Svaren om tid.", "not_done": ""})
    publish = url("dialogue_manage:feedback_publish", process)
    assert "Ja, publicera och meddela dem" in client.get(publish).content.decode()
    client.post(publish, {"confirm": "yes"})
    content = client.get(url("dialogue:report", process)).content.decode()
    assert "Ni sa – vi gjorde" in content and "Mer tid för APT." in content


def test_the_dialogues_task_list_links_to_the_report(official):
    from delaktig.processes import setup

    process, _theme, _quote = dialogue_with_quote()
    [step] = [s for s in setup.steps(process) if s.title == "Dialograpport"]
    assert step.status == setup.OPTIONAL and step.url == url("dialogue_manage:compose", process)
    report = services.report_for(process)
    services.add_block(by=official, report=report, data=BlockData(BlockKind.NEXT_STEPS, body="X"))
    services.publish_version(by=official, report=report)
    [step] = [s for s in setup.steps(process) if s.title == "Dialograpport"]
    assert step.status == setup.DONE and step.hint == "1 version publicerad."
