"""Journey 7, meetings: a resident finds a meeting in the calendar, registers without an
account, confirms through the link in the e-mail and cancels; an official publishes the notes,
key points and a photo after a meeting. Checked with axe at 1280 and 320 px."""

from datetime import timedelta

import pytest
from django.core import mail
from playwright.sync_api import expect

from e2e.journeys import (
    assert_accessible,
    assert_error_summary_focused,
    assert_no_errors,
    assert_no_horizontal_scroll,
    assert_one_h1,
    mail_links,
    make_official,
    png_file,
    save_screenshot,
    serve_media,
)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def _path(link: str) -> str:
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


@pytest.fixture
def cafe(db):
    from delaktig.meetings.models import MeetingKind
    from delaktig.meetings.tests.factories import MeetingFactory

    MeetingFactory(title="Workshop om parken", kind=MeetingKind.WORKSHOP)
    return MeetingFactory(
        title="Dialogcafé om biblioteket",
        kind=MeetingKind.CAFE,
        capacity=1,
        hearing_loop=True,
        step_free=True,
    )


def test_a_resident_finds_registers_confirms_and_cancels(
    page, mobile_page, goto, console_errors, cafe
):
    from delaktig.meetings.models import Registration

    goto(page, "/moten/")
    assert assert_one_h1(page) == "Möten och dialoger"
    assert_accessible(page)
    page.get_by_label("Typ av möte").select_option(label="Dialogcafé")
    page.get_by_role("button", name="Visa").click()
    expect(page.locator("main")).not_to_contain_text("Workshop om parken")
    page.get_by_role("link", name="Dialogcafé om biblioteket").click()
    assert assert_one_h1(page) == "Dialogcafé om biblioteket"
    expect(page.locator("main")).to_contain_text("Hörslinga")
    assert_accessible(page)
    save_screenshot(page, "meeting-page")

    page.get_by_role("link", name="Anmäl dig").click()
    page.get_by_role("button", name="Anmäl dig").click()
    assert "Ditt namn" in assert_error_summary_focused(page)
    assert_accessible(page)
    page.get_by_label("Ditt namn").fill("Eva Ek")
    page.get_by_label("Din e-postadress").fill("eva.ek@example.se")
    page.get_by_role("button", name="Anmäl dig").click()
    assert assert_one_h1(page) == "Titta i din e-post"
    assert_accessible(page)
    assert not Registration.objects.filter(status="registered").exists()

    [message] = mail.outbox
    assert message.to == ["eva.ek@example.se"]
    [link] = [link for link in mail_links(message) if "/moten/anmalan/" in link]
    goto(page, _path(link))
    expect(page.locator("main")).to_contain_text("Inte bekräftad")
    page.get_by_role("button", name="Bekräfta min anmälan").click()
    expect(page.locator(".messages")).to_contain_text("Du har fått en plats")
    assert_accessible(page)
    assert Registration.objects.get().status == "registered"

    page.get_by_role("link", name="Avboka min anmälan").click()
    assert assert_one_h1(page) == "Avboka din anmälan?"
    assert_accessible(page)
    page.get_by_role("button", name="Avboka min anmälan").click()
    expect(page.locator(".messages")).to_contain_text("Din anmälan är avbokad")
    expect(page.locator("main dl")).to_contain_text("Avbokad")
    assert Registration.objects.get().status == "cancelled"

    assert_no_errors(console_errors(page))  # the JSON-LD block broke no CSP rule

    # A changed link is refused in words (the browser logs the 400 itself).
    goto(page, _path(link)[:-3] + "x/", expect_status=400)
    expect(page.locator("main")).to_contain_text("Länken är inte giltig")

    # On a phone: the calendar, its month and the meeting.
    for path in ("/moten/", "/moten/manad/", f"/moten/{cafe.slug}/", f"/moten/{cafe.slug}/anmal/"):
        goto(mobile_page, path)
        assert_no_horizontal_scroll(mobile_page)
        assert_accessible(mobile_page)
    save_screenshot(mobile_page, "meeting-register-320")
    assert_no_errors(console_errors(mobile_page))


def test_an_official_publishes_notes_after_the_meeting(
    page, mobile_page, login, goto, console_errors, tmp_path, settings
):
    from django.utils import timezone

    from delaktig.meetings.tests.factories import MeetingFactory

    settings.MEDIA_ROOT = tmp_path / "media"
    starts = (timezone.now() - timedelta(days=2)).replace(second=0, microsecond=0)
    meeting = MeetingFactory(title="Kommundelsträff i Äppelbo", starts_at=starts)
    official = make_official()
    login(page, official)
    serve_media(page)
    serve_media(mobile_page)

    goto(page, "/hantera/")
    page.get_by_role("link", name="Möten och fokusgrupper").click()
    assert assert_one_h1(page) == "Möten och fokusgrupper"
    assert_accessible(page)
    page.get_by_role("link", name="Kommundelsträff i Äppelbo").click()
    assert_accessible(page)
    page.get_by_role("link", name="Publicera anteckningar och viktiga punkter").click()
    assert_accessible(page)
    page.get_by_label("Anteckningar från mötet").fill("## Vägarna\n\nMånga frågor om **vägarna**.")
    page.get_by_label("Antal deltagare").fill("31")
    page.get_by_label("Viktiga punkter").fill("Vägarna behöver en plan\nSkolskjutsen är för tidig")
    page.get_by_role("button", name="Publicera").click()
    expect(page.locator(".messages")).to_contain_text("Anteckningarna är publicerade")

    page.get_by_role("link", name="Bilder").click()
    page.get_by_label("Foto").set_input_files(str(png_file(tmp_path / "bild.png")))
    page.get_by_role("button", name="Lägg till bilden").click()
    assert "Beskriv bilden" in assert_error_summary_focused(page)
    page.get_by_label("Foto").set_input_files(str(png_file(tmp_path / "bild.png")))
    page.get_by_label("Beskriv bilden").fill("Deltagare runt borden i bygdegården")
    page.get_by_role("button", name="Lägg till bilden").click()
    expect(page.locator(".messages")).to_contain_text("Bilden är tillagd")
    assert_accessible(page)

    for each in (page, mobile_page):
        goto(each, f"/moten/{meeting.slug}/")
        main = each.locator("main")
        expect(main).to_contain_text("31 personer deltog")
        expect(main).to_contain_text("Vägarna behöver en plan")
        expect(main.get_by_role("heading", name="Vägarna")).to_be_visible()
        expect(main.get_by_alt_text("Deltagare runt borden i bygdegården")).to_be_visible()
        assert_accessible(each)
    assert_no_horizontal_scroll(mobile_page)
    save_screenshot(mobile_page, "meeting-notes-320")
    assert_no_errors(console_errors(page) + console_errors(mobile_page))
