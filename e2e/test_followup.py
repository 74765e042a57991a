"""Journey 6: after the count, an official records the political decision (checked before it
is published), creates the projects, changes a status (with the reason it needs) and posts an
update with a photo; a resident reads the follow-up at 320 px."""

import pytest

from e2e.journeys import (
    assert_accessible,
    assert_no_errors,
    assert_no_horizontal_scroll,
    assert_one_h1,
    logout,
    make_official,
    make_voted_sater_round,
    png_file,
    publish_result,
    save_screenshot,
    serve_media,
)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

DESKS = "Höj- och sänkbara skrivbord"
SCREENS = "Ljuddämpande skärmar i kontorslandskapet"
COFFEE = "Kaffemaskin till fikarummet"
BALLOTS = [*[[DESKS, SCREENS]] * 4, *[[DESKS, COFFEE]] * 2]


def without_form_400(errors: list[str]) -> list[str]:
    """The forms with errors answer 400 on purpose (followup/manage_views.py), which the
    browser logs as a failed resource."""
    return [e for e in errors if not ("status of 400" in e and "/uppfoljning/" in e)]


@pytest.fixture
def counted(db):
    official = make_official()
    budget_round, _box = make_voted_sater_round(BALLOTS)
    publish_result(budget_round, official)
    return budget_round, official


def test_official_records_the_decision_and_keeps_a_project_up_to_date(
    page, login, goto, console_errors, counted, tmp_path
):
    from delaktig.followup.models import Decision, Project, UpdatePhoto

    budget_round, official = counted
    slug = budget_round.slug
    login(page, official)
    goto(page, f"/hantera/omgangar/{slug}/")
    page.get_by_role("link", name="Uppföljning: beslutet och projekten").click()
    assert assert_one_h1(page) == "Uppföljning"
    assert_accessible(page)

    page.get_by_role("link", name="Registrera beslutet").click()
    assert assert_one_h1(page) == "Registrera beslutet"
    # The count's winners are ticked; funding one more needs a public reason.
    assert page.get_by_label(DESKS, exact=False).is_checked()
    page.get_by_label(COFFEE, exact=False).check()
    page.get_by_label("Datum för beslutet").fill("2026-01-15")
    page.get_by_label("Beslutad av").fill("Kommunstyrelsen")
    page.get_by_label("Diarienummer").fill("KS 2026/12")
    page.get_by_role("button", name="Fortsätt").click()
    summary = page.locator(".error-summary")
    assert "skiljer sig från det räknade resultatet" in summary.inner_text()
    assert_accessible(page)
    assert not Decision.objects.exists()
    page.get_by_label("Varför beslutet skiljer sig från resultatet").fill(
        "Nämnden lade till pengar för kaffemaskinen."
    )
    page.get_by_role("button", name="Fortsätt").click()
    assert assert_one_h1(page) == "Granska beslutet innan du publicerar det"
    assert "KS 2026/12" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Ja, publicera beslutet").click()
    assert Decision.objects.get().published_at is not None

    page.get_by_role("link", name="Skapa projekten").click()
    page.get_by_role("button", name="Ja, skapa projekten").click()
    assert Project.objects.filter(budget_round=budget_round).count() == 3
    page.get_by_role("link", name=DESKS).click()
    assert assert_one_h1(page) == DESKS

    # A delayed project needs a public reason.
    page.get_by_role("link", name="Ändra status").click()
    page.get_by_label("Försenad").check()
    page.get_by_role("button", name="Ändra status").click()
    assert "Skriv offentligt varför" in page.locator(".error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Försenad").check()
    page.get_by_label("Offentlig motivering").fill("Leverantören är sen.")
    page.get_by_role("button", name="Ändra status").click()
    assert "Statusen är ändrad" in page.locator("main").inner_text()

    # An update with a photo, published at once.
    page.get_by_role("link", name="Skriv en uppdatering").click()
    page.get_by_label("Rubrik").fill("Skrivborden är beställda")
    page.get_by_label("Datum").fill("2026-02-01")
    page.get_by_label("Vad som har hänt").fill("Fyra skrivbord kommer i **mars**.")
    page.locator("#id_photo").set_input_files(png_file(tmp_path / "skrivbord.png"))
    page.get_by_label("Beskrivning av fotot (alternativtext)").fill(
        "Ett höj- och sänkbart skrivbord"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Publicera uppdateringen").click()
    assert "Uppdateringen är publicerad" in page.locator("main").inner_text()
    assert UpdatePhoto.objects.count() == 1
    assert_no_errors(without_form_400(console_errors(page)))

    # The public project page shows it.
    logout(page)
    serve_media(page)
    project = Project.objects.get(title=DESKS)
    goto(page, f"/omgangar/{slug}/uppfoljning/{project.pk}/")
    main = page.locator("main")
    assert "Leverantören är sen." in main.inner_text()
    assert "Skrivborden är beställda" in main.inner_text()
    image = main.get_by_role("img", name="Ett höj- och sänkbart skrivbord")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert_accessible(page)
    save_screenshot(page, "followup-project-1280")


def test_a_resident_reads_the_follow_up_at_320px(mobile_page, goto, console_errors, counted):
    from delaktig.followup import queries, services

    budget_round, official = counted
    winners = queries.counted_winner_ids(budget_round)
    services.save_decision(
        by=official,
        budget_round=budget_round,
        data=services.DecisionData(
            decided_on=budget_round.result_published_at.date(),
            body="Kommunstyrelsen",
            reference="KS 2026/12",
            funded_ids=frozenset(winners),
        ),
    )
    services.publish_decision(by=official, budget_round=budget_round)
    projects = services.create_projects(by=official, budget_round=budget_round)
    services.change_status(by=official, project=projects[0], status="ongoing")
    services.change_status(
        by=official, project=projects[1], status="cancelled", reason="Marken är förorenad."
    )
    goto(mobile_page, f"/omgangar/{budget_round.slug}/uppfoljning/")
    assert assert_one_h1(mobile_page) == f"Uppföljning: {budget_round.name}"
    text = mobile_page.locator("main").inner_text()
    assert "Kommunstyrelsen" in text and "Pågår" in text and "Avbruten" in text
    assert mobile_page.locator("main table").count() == 2  # money per status, every project
    assert_no_horizontal_scroll(mobile_page)
    assert_accessible(mobile_page)
    save_screenshot(mobile_page, "followup-overview-320")
    mobile_page.get_by_role("link", name=projects[1].title).click()
    assert "Marken är förorenad." in mobile_page.locator("main").inner_text()
    assert_no_horizontal_scroll(mobile_page)
    assert_accessible(mobile_page)
    # From the project back to its proposal, and on to the result with the decision.
    mobile_page.get_by_role("link", name="Resultatet och beslutet").click()
    assert "Beslutet" in mobile_page.locator("main").inner_text()
    assert_accessible(mobile_page)
    assert_no_errors(console_errors(mobile_page))
