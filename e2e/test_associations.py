"""Issue 14: an association applies to the register, confirms by the link in the e-mail, and
an official approves it; residents find it on a phone. An official edits a content page and
publishes it after the confirmation page; the public reads it at 320 px."""

from urllib.parse import urlsplit

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
    save_screenshot,
)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def _link(path_part: str) -> str:
    links = [link for m in mail.outbox for link in mail_links(m) if path_part in link]
    assert links, [m.body for m in mail.outbox]
    return urlsplit(links[-1]).path


def test_an_association_applies_confirms_and_is_approved(
    page, mobile_page, new_page, login, goto, console_errors, db
):
    from delaktig.accounts.models import District
    from delaktig.associations.models import Application, Association

    District.objects.create(name="Dala-Järna")
    goto(page, "/foreningar/")
    assert assert_one_h1(page) == "Föreningsregister"
    assert_accessible(page)
    page.get_by_role("link", name="Saknas er förening? Ansök om att komma med").click()
    assert_accessible(page)

    page.get_by_label("Föreningens namn").fill("Dala-Järna Spelmanslag")
    page.get_by_label("Kategori").select_option(label="Kultur")
    page.get_by_label("Område").select_option(label="Dala-Järna")
    page.get_by_label("Beskrivning").fill("Folkmusik och <b>spelmansstämma</b> varje sommar.")
    page.get_by_label("Webbplats").fill("javascript:alert(1)")
    page.get_by_label("Offentlig e-postadress för kontakt").fill("spelmanslaget@example.se")
    page.get_by_label("Din e-postadress").fill("ordforande@example.se")
    page.get_by_role("button", name="Skicka").click()
    summary = assert_error_summary_focused(page)
    assert "HTML-kod" in summary and "https://" in summary
    assert_accessible(page)
    assert not Application.objects.exists()

    page.get_by_label("Beskrivning").fill("Folkmusik och spelmansstämma varje sommar.")
    page.get_by_label("Webbplats").fill("https://spelmanslaget.example.se")
    page.get_by_role("button", name="Skicka").click()
    assert assert_one_h1(page) == "Titta i din e-post"
    assert_accessible(page)
    assert Application.objects.get().status == "unconfirmed"

    # The link from the e-mail (the live server runs here and mails through locmem).
    goto(page, _link("/foreningar/bekrafta/"))
    assert_accessible(page)
    page.get_by_role("button", name="Bekräfta ansökan").click()
    assert assert_one_h1(page) == "Ansökan är bekräftad"
    assert Application.objects.get().status == "waiting"

    official_page = new_page("official")
    login(official_page, make_official())
    goto(official_page, "/hantera/foreningar/")
    assert_accessible(official_page)
    official_page.get_by_role("link", name="Dala-Järna Spelmanslag").click()
    assert_accessible(official_page)
    official_page.get_by_role("link", name="Godkänn").click()
    assert assert_one_h1(official_page) == "Godkänna ”Dala-Järna Spelmanslag”?"
    assert_accessible(official_page)
    assert not Association.objects.exists()
    official_page.get_by_role("button", name="Godkänn").click()
    expect(official_page.locator(".messages")).to_contain_text("finns nu i registret")
    assert Association.objects.get().status == "listed"
    assert any("godkänd" in m.subject for m in mail.outbox)
    assert_no_errors(console_errors(official_page))

    # A resident on a phone finds it.
    goto(mobile_page, "/foreningar/?q=spelman")
    assert_no_horizontal_scroll(mobile_page)
    assert_accessible(mobile_page)
    mobile_page.get_by_role("link", name="Dala-Järna Spelmanslag").click()
    expect(mobile_page.locator("main")).to_contain_text("Folkmusik och spelmansstämma")
    assert_no_horizontal_scroll(mobile_page)
    assert_accessible(mobile_page)
    save_screenshot(mobile_page, "association-320")
    assert_no_errors(console_errors(page))
    assert_no_errors(console_errors(mobile_page))


def test_an_official_edits_and_publishes_a_content_page(
    page, mobile_page, login, goto, console_errors, db
):
    from delaktig.pages import services
    from delaktig.pages.models import Page

    official = make_official()
    services.create_page(
        by=official,
        slug="sa-deltar-du",
        text=services.PageText(title_sv="Så kan du delta", body_sv="Svara på enkäten på nätet."),
    )
    login(page, official)
    goto(page, "/hantera/sidor/")
    assert_accessible(page)
    page.get_by_role("link", name="Så kan du delta").click()
    assert_accessible(page)
    page.get_by_role("link", name="Ändra", exact=True).click()
    assert_accessible(page)
    page.get_by_label("Text på svenska").fill(
        "Svara på enkäten på nätet.\n\n# På plats\n\nKom till **dialogcaféet** på biblioteket."
    )
    page.get_by_label("Vad ändrade du?").fill("La till dialogcaféet")
    page.get_by_role("button", name="Spara som utkast").click()
    expect(page.locator(".messages")).to_contain_text("sparad som utkast")
    expect(page.locator("main")).to_contain_text("La till dialogcaféet")

    page.get_by_role("link", name="Version 2", exact=True).click()
    expect(page.locator("main ins", has_text="På plats")).to_have_count(1)
    assert_accessible(page)
    page.get_by_role("link", name="Tillbaka till sidan").click()

    goto(mobile_page, "/sidor/sa-deltar-du/", expect_status=404)
    page.get_by_role("link", name="Publicera version 2").click()
    assert assert_one_h1(page) == "Publicera ”Så kan du delta”?"
    assert_accessible(page)
    page.get_by_role("button", name="Publicera").click()
    expect(page.locator(".messages")).to_contain_text("Version 2 är publicerad")
    assert Page.objects.get().published.number == 2
    assert_no_errors(console_errors(page))

    goto(mobile_page, "/sidor/")
    mobile_page.get_by_role("link", name="Så kan du delta").click()
    expect(mobile_page.locator("main strong")).to_have_text("dialogcaféet")
    assert_no_horizontal_scroll(mobile_page)
    assert_accessible(mobile_page)
    save_screenshot(mobile_page, "content-page-320")


def test_sweep_of_the_register_and_pages_at_both_widths(
    page, mobile_page, live_server, console_errors, db
):
    """Every other page of the two apps: status, one h1, axe, no console errors, no sideways
    scrolling at 320 px (journeys.page_problems)."""
    from delaktig.accounts.models import District
    from delaktig.associations.tests.factories import ApplicationFactory, AssociationFactory
    from delaktig.pages import services as pages
    from e2e.journeys import make_round_in_phase, page_problems, sign_in_with_cookie, url

    official = make_official()
    area = District.objects.create(name="Nås")
    association = AssociationFactory(
        name="Nås Byalag", slug="nas-byalag", district=area, contact_name="Karin Ek"
    )
    change = ApplicationFactory(
        kind="update",
        association=association,
        name="Nås Byalag",
        category="neighbourhood",
        description="Ny beskrivning av byalaget.",
    )
    new = ApplicationFactory(name="Nås Schackklubb")
    process = make_round_in_phase("propose")
    page_ = pages.create_page(
        by=official, slug="fragor", text=pages.PageText(title_sv="Frågor", body_sv="Svar.")
    )
    pages.save_version(
        by=official, page=page_, text=pages.PageText(title_sv="Frågor", body_sv="Nya svar.")
    )
    public = [
        "/foreningar/?q=by&kategori=neighbourhood&omrade=",
        "/foreningar/nas-byalag/",
        "/foreningar/nas-byalag/andra/",
        "/foreningar/nas-byalag/ta-bort-kontaktperson/",
        "/foreningar/ansok/skickad/",
        "/foreningar/bekrafta/fel/",
        "/sidor/",
    ]
    managing = [
        "/hantera/foreningar/",
        f"/hantera/foreningar/ansokan/{change.pk}/",
        f"/hantera/foreningar/ansokan/{new.pk}/",
        f"/hantera/foreningar/ansokan/{new.pk}/godkann/",
        f"/hantera/foreningar/forening/{association.pk}/",
        f"/hantera/foreningar/forening/{association.pk}/ta-bort-kontaktperson/",
        f"/hantera/foreningar/bjud-in/?process={process.pk}&categories=sports",
        "/hantera/foreningar/importera/",
        "/hantera/sidor/",
        "/hantera/sidor/ny/",
        "/hantera/sidor/fragor/",
        "/hantera/sidor/fragor/andra/",
        "/hantera/sidor/fragor/version/2/",
        "/hantera/sidor/fragor/publicera/",
    ]
    problems = []
    widths = {1280: page, 320: mobile_page}
    for signed_in, paths in ((False, public), (True, managing)):
        for width, browser_page in widths.items():
            if signed_in:
                sign_in_with_cookie(browser_page, live_server, official)
            for path in paths:
                seen = len(console_errors(browser_page))
                response = browser_page.goto(url(live_server, path))
                browser_page.wait_for_load_state()
                found = page_problems(browser_page, response, console_errors(browser_page)[seen:])
                problems += [f"{path} at {width} px: {p}" for p in found]
    assert not problems, "\n".join(problems)
