"""Journey 7, the end of a dialogue: an official composes the dialogue report from a theme with
a quote, the key points of a meeting and "Vad händer nu?", previews and publishes it; the
accessible PDF is downloaded and read back; a resident reads the report on a phone."""

import pytest
from playwright.sync_api import expect

from e2e.journeys import (
    assert_accessible,
    assert_no_errors,
    assert_no_horizontal_scroll,
    assert_one_h1,
    make_official,
    save_screenshot,
)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

QUOTE = "Vi får veta om förändringar för sent, när allt redan är bestämt."
KEY_POINT = "Berätta om besluten innan de fattas."


@pytest.fixture
def dialogue(db, settings, tmp_path):
    from delaktig.dialogue.tests.factories import dialogue_with_quote

    settings.MEDIA_ROOT = tmp_path
    from django.utils import timezone

    from delaktig.meetings.models import KeyPoint
    from delaktig.meetings.tests.factories import MeetingFactory

    process, _theme, _quote = dialogue_with_quote(text=QUOTE, name="Medarbetardialog 2026")
    meeting = MeetingFactory(
        process=process,
        title="Dialogcafé på biblioteket",
        participants=17,
        notes="Vi pratade om information.",
        notes_published_at=timezone.now(),
    )
    KeyPoint.objects.create(meeting=meeting, text=KEY_POINT)
    return process


def test_an_official_publishes_the_report_and_a_resident_reads_it(
    page, mobile_page, login, goto, console_errors, dialogue
):
    from delaktig.dialogue.models import ReportVersion
    from delaktig.dialogue.tests.pdf_check import structure

    official = make_official()
    dialogue.officials.add(official)
    login(page, official)
    goto(page, f"/hantera/omgangar/{dialogue.slug}/rapport/")
    assert assert_one_h1(page) == "Dialograpport"
    assert_accessible(page)

    page.get_by_label("Lägg till ett block").select_option(label="Ett tema med citat")
    page.get_by_role("button", name="Lägg till", exact=True).click()
    assert "Ett tema med citat" in assert_one_h1(page)
    assert_accessible(page)
    page.get_by_label("Sammanfattning av temat").fill("Många vill få information **tidigare**.")
    page.get_by_label("Tema", exact=True).select_option(label="Information")
    page.get_by_label(f"{QUOTE} (Information)").check()
    page.get_by_role("button", name="Lägg till blocket").click()
    expect(page.locator(".messages, [role=status]").first).to_contain_text("Blocket är tillagt")

    # The meeting's key points are not cited yet: the page says so.
    expect(page.locator("main")).to_contain_text("Dialogcafé på biblioteket")
    page.get_by_label("Lägg till ett block").select_option(label="Från mötena: viktiga punkter")
    page.get_by_role("button", name="Lägg till", exact=True).click()
    assert_accessible(page)
    page.get_by_label("Möte", exact=True).select_option(index=1)
    page.get_by_role("button", name="Lägg till blocket").click()
    expect(page.locator(".messages, [role=status]").first).to_contain_text("Blocket är tillagt")
    expect(page.locator("main")).not_to_contain_text("publicerade viktiga punkter")

    page.get_by_label("Lägg till ett block").select_option(label="Vad händer nu?")
    page.get_by_role("button", name="Lägg till", exact=True).click()
    page.get_by_label("Text", exact=True).fill("Kommunstyrelsen tar upp rapporten i november.")
    page.get_by_role("button", name="Lägg till blocket").click()

    page.get_by_role("link", name="Förhandsgranska rapporten").click()
    expect(page.locator("main")).to_contain_text(QUOTE)
    assert_accessible(page)
    page.get_by_role("link", name="Tillbaka till rapporten").click()
    page.get_by_role("link", name="Publicera rapporten").click()
    assert assert_one_h1(page) == "Publicera rapporten?"
    assert_accessible(page)
    assert not ReportVersion.objects.exists()
    page.get_by_role("button", name="Ja, publicera rapporten").click()
    page.wait_for_url(f"**/omgangar/{dialogue.slug}/rapport/")
    expect(page.locator("main")).to_contain_text("Version 1, publicerad")
    assert_no_errors(console_errors(page))

    # The PDF was made by the task queue; download it and read it back.
    page.reload()
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ned rapporten som pdf").click()
    found = structure(download.value.path().read_bytes())
    assert found["tagged"] and found["language"] == "sv" and found["shows_title"]
    assert {"/H1", "/H2", "/BlockQuote"} <= found["tags"]

    # A resident on a phone.
    goto(mobile_page, f"/omgangar/{dialogue.slug}/rapport/")
    main = mobile_page.locator("main")
    expect(main).to_contain_text(QUOTE)
    expect(main).to_contain_text(KEY_POINT)
    expect(main).to_contain_text("17 deltagare")
    expect(main).to_contain_text("Vad händer nu?")
    assert_no_horizontal_scroll(mobile_page)
    assert_accessible(mobile_page)
    save_screenshot(mobile_page, "dialogue-report-320")
    assert_no_errors(console_errors(mobile_page))
