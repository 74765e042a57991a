"""Journeys 5 and 6: a pupil votes with a printed voting code, and officials type a paper
ballot in twice.

1. A pupil on a school's invitation list types the code from the code sheet at /rostkod/ (as
   a pupil types it: lower case, spaces), votes, and gets a receipt; on another device the
   personal link from the sheet lets them change the vote (still one ballot); the code only
   opens its own round. Wrong, malformed and revoked codes are refused in Swedish and sign no
   one in. Code entry and voting work without JavaScript.
2. Official A finds a voter on the census by personnummer and types their paper ballot; the
   voter's receipt code and the entry number (P-n) are shown. Official B types it again,
   differently: the entries differ. Official C reads the paper and resolves it; the
   reconciliation shows one paper ballot. The voter, signed in online, is told they have
   voted on paper and cannot vote again, not even with a hand-made POST. A second paper
   ballot for the same voter, or one for someone who voted online, is refused.
"""

import pytest
from playwright.sync_api import expect

from delaktig.processes.timeline import move_to
from delaktig.voting.tests.factories import paper_station
from e2e.journeys import (
    SATER_PROPOSALS,
    SCHOOL_PROPOSALS,
    assert_accessible,
    assert_accessible_markup,
    assert_error_summary_focused,
    assert_no_errors,
    assert_one_h1,
    force_submit,
    is_signed_in,
    make_census_voter,
    make_code_round,
    make_invitation,
    make_official,
    make_round_in_phase,
    make_sater_round,
    save_screenshot,
    url,
    use_roll,
)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

PINGPONG, BENCHES, BOOKS = SCHOOL_PROPOSALS
DESKS, SCREENS, HEALTH_DAY, COFFEE = SATER_PROPOSALS

GO_ON = "Gå vidare och rösta"
UNKNOWN_CODE = "Vi känner inte igen röstkoden. Kontrollera att du skrev den rätt."
MALFORMED_CODE = (
    "En röstkod har 12 bokstäver och siffror, till exempel ABCD-EFGH-JK23. Kontrollera koden."
)
REVOKED_CODE = "Röstkoden har dragits tillbaka. Kontakta kommunen om du behöver en ny."
VOTED_ON_PAPER = "Du har redan röstat på papper. Din röst kan inte ändras på webben."

ANNA_PNR = "811228-9874"  # a valid test personnummer (delaktig/eligibility/tests/factories.py)
STATION = "Biblioteket, Storgatan 1"


def chosen(box) -> list[set[str]]:
    """The proposals chosen on each stored ballot of the box."""
    from delaktig.voting.models import Ballot

    return [
        set(ballot.choices.values_list("proposal__title", flat=True))
        for ballot in Ballot.objects.filter(box=box)
    ]


def without_status(errors: list[str], *statuses: int) -> list[str]:
    """Console errors without Chromium's "Failed to load resource: … status of 400" for the
    documents a test expects to answer with an error status."""
    return [e for e in errors if not any(f"status of {s}" in e for s in statuses)]


def go_on(page):
    """Press "Gå vidare och rösta" under the code; the response to the POST (a redirect to
    the ballot when the code works)."""
    with page.expect_response(lambda r: r.request.method == "POST") as response:
        page.get_by_role("button", name=GO_ON).click()
    page.wait_for_load_state()
    return response.value


def type_code(page, code: str):
    """Type a code at /rostkod/ and go on."""
    page.get_by_label("Röstkod", exact=True).fill(code)
    return go_on(page)


def as_a_pupil_types_it(code: str) -> str:
    """ABCD-EFGH-JK23 → "abcd efgh jk23": lower case, spaces for dashes."""
    return code.replace("-", " ").lower()


# --- Voting codes ---------------------------------------------------------------------------


def test_pupil_votes_with_a_code_and_changes_the_vote_with_the_personal_link(
    page, new_page, goto, live_server, console_errors
):
    from delaktig.voting.models import Ballot, Participation
    from delaktig.voting.tests.factories import box_with_proposals

    budget_round, box, _ = make_code_round("vote")
    invitation, code = make_invitation(budget_round, name="Alva Lind", group="7B")
    ballot_path = f"/omgangar/{budget_round.slug}/rosta/"

    # The code sheet says: go to /rostkod/ and type your code.
    goto(page, "/rostkod/")
    assert assert_one_h1(page) == "Rösta med röstkod"
    assert not is_signed_in(page)
    assert_accessible(page)
    type_code(page, as_a_pupil_types_it(code))
    page.wait_for_url(f"**{ballot_path}")
    assert assert_one_h1(page) == f"Rösta: {budget_round.name}"
    assert is_signed_in(page)
    assert "Du har röstat." not in page.locator("main").inner_text()
    assert_accessible(page)
    save_screenshot(page, "code-ballot")

    page.get_by_label(PINGPONG).check()
    page.get_by_label(BOOKS).check()
    page.get_by_role("button", name="Skicka din röst").click()
    expect(page.locator("h1")).to_have_text("Tack för att du röstade")
    receipt = page.locator(".receipt__code").inner_text().strip()
    assert len(receipt) >= 6, receipt
    assert chosen(box) == [{PINGPONG, BOOKS}]
    invitation.refresh_from_db()
    assert invitation.used_at is not None
    assert invitation.voter.full_name == "Alva Lind"
    assert not invitation.voter.has_usable_password()
    assert_accessible(page)
    assert_no_errors(console_errors(page))

    # Another day, on the school's tablet: the personal link from the sheet (its QR code).
    tablet = new_page("tablet")
    goto(tablet, f"/rostkod/{code}/")
    assert assert_one_h1(tablet) == "Din röstkod"
    assert tablet.get_by_label("Röstkod", exact=True).input_value() == code
    assert not is_signed_in(tablet), "opening the link alone must not use the code"
    assert_accessible(tablet)
    go_on(tablet)
    tablet.wait_for_url(f"**{ballot_path}")
    assert "Du har röstat." in tablet.locator("main").inner_text()
    assert tablet.get_by_label(PINGPONG).is_checked()
    assert tablet.get_by_label(BOOKS).is_checked()
    assert not tablet.get_by_label(BENCHES).is_checked()

    tablet.get_by_label(BOOKS).uncheck()
    tablet.get_by_label(BENCHES).check()
    tablet.get_by_role("button", name="Ändra din röst").click()
    expect(tablet.locator("h1")).to_have_text("Din röst är ändrad")
    assert tablet.locator(".receipt__code").inner_text().strip() != receipt
    assert Ballot.objects.filter(box=box).count() == 1
    assert Participation.objects.filter(box=box).count() == 1
    assert chosen(box) == [{PINGPONG, BENCHES}]
    invitation_voter = invitation.voter_id
    invitation.refresh_from_db()
    assert invitation.voter_id == invitation_voter, "the same person, not a new account"
    assert_accessible(tablet)

    # The code opens its own round only: another round open to everyone signed in refuses.
    other_round = make_round_in_phase("vote", name="Medborgarbudget Nässjö 2025")
    other_box, _ = box_with_proposals(other_round, (50_000, 80_000))
    goto(tablet, f"/omgangar/{other_round.slug}/rosta/")
    refusal = tablet.locator("main .message").inner_text()
    expected = f"Din röstkod gäller ”{budget_round.name}”, inte den här omröstningen."
    assert refusal == expected, refusal
    ballot_form = tablet.locator("main form[data-ballot]")
    assert ballot_form.locator("button[type=submit]").count() == 0
    assert all(tick.is_disabled() for tick in ballot_form.locator("input[type=checkbox]").all())
    assert_accessible(tablet)
    first_title = other_box.proposals.order_by("pk").first().title
    response = force_submit(tablet, "main form[data-ballot]", check=(first_title,))
    assert response.status == 403
    assert refusal in tablet.locator("main").inner_text()
    assert not Ballot.objects.filter(box=other_box).exists()
    assert chosen(box) == [{PINGPONG, BENCHES}], "the vote in the pupil's own round stands"
    assert_accessible(tablet)
    assert_no_errors(without_status(console_errors(tablet), 403))


def test_wrong_malformed_and_revoked_codes_are_refused(page, goto, live_server, console_errors):
    from delaktig.accounts.models import User
    from delaktig.core.codes import VOTING_CODE
    from delaktig.eligibility.services import issuing

    budget_round, _box, _ = make_code_round("vote")
    make_invitation(budget_round, name="Alva Lind")
    revoked, revoked_code = make_invitation(budget_round, name="Bo Berg")
    move_to(budget_round, "assess")  # the roll can change only before voting opens
    issuing.revoke_invitation(by=make_official(), invitation=revoked)
    move_to(budget_round, "vote")
    people = User.objects.count()
    never_issued = VOTING_CODE.generate()

    goto(page, "/rostkod/")
    for typed, message in (
        (never_issued, UNKNOWN_CODE),
        ("1234 5678", MALFORMED_CODE),
        (as_a_pupil_types_it(revoked_code), REVOKED_CODE),
    ):
        response = type_code(page, typed)
        assert response.status == 400, (typed, response.status)
        summary = assert_error_summary_focused(page)
        assert message in summary, summary
        assert page.url == url(live_server, "/rostkod/")
        assert page.get_by_label("Röstkod", exact=True).input_value() == typed
        assert not is_signed_in(page)
        assert_accessible(page)

    # An empty field: the form itself says so, with a link to the field.
    page.get_by_label("Röstkod", exact=True).fill("")
    page.get_by_role("button", name=GO_ON).click()
    summary = assert_error_summary_focused(page)
    assert "Röstkod" in summary, summary
    assert not is_signed_in(page)

    revoked.refresh_from_db()
    assert revoked.voter_id is None and revoked.used_at is None
    assert User.objects.count() == people, "no account is made for a refused code"
    assert_no_errors(without_status(console_errors(page), 400))


def test_code_entry_and_vote_without_javascript(browser, new_page, live_server):
    """The server alone signs the pupil in and takes the vote. axe checks each response's
    markup in a page with scripts on (Playwright cannot evaluate in a page without)."""
    budget_round, box, _ = make_code_round("vote")
    _invitation, code = make_invitation(budget_round, name="Alva Lind")
    page = new_page("no-js", java_script_enabled=False)

    response = page.goto(url(live_server, "/rostkod/"))
    assert_accessible_markup(browser, page.url, response.text())
    type_code(page, as_a_pupil_types_it(code))
    page.wait_for_url(f"**/omgangar/{budget_round.slug}/rosta/")
    assert is_signed_in(page)
    ballot_html = page.content()
    assert_accessible_markup(browser, page.url, ballot_html)

    page.get_by_label(PINGPONG).check()
    page.get_by_label(BENCHES).check()
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Skicka din röst").click()
    page.wait_for_load_state()
    assert posted.value.status == 200
    assert page.locator("h1").inner_text() == "Tack för att du röstade"
    assert page.locator(".receipt__code").is_visible()
    assert chosen(box) == [{PINGPONG, BENCHES}]
    assert_accessible_markup(browser, page.url, posted.value.text())


# --- Paper ballots --------------------------------------------------------------------------


def row_cells(page, caption: str, row: str) -> list[str]:
    """The cells of the table row headed `row`, in the table captioned `caption`."""
    table = page.locator("main table").filter(has=page.locator("caption", has_text=caption))
    header = table.locator("tbody tr th[scope=row], tfoot tr th[scope=row]").filter(has_text=row)
    assert header.count() == 1, f"no row {row!r} in the table {caption!r} on {page.url}"
    return [c.strip() for c in header.locator("xpath=..").locator("td").all_inner_texts()]


def tick_only(page, titles):
    """Tick exactly `titles` on the ballot shown (the paper ballot as marked)."""
    for title in (DESKS, SCREENS, HEALTH_DAY, COFFEE):
        box = page.get_by_label(title)
        if title in titles:
            box.check()
        else:
            box.uncheck()


@pytest.fixture
def paper_round(db):
    """Säter's ballot in its voting phase, its census deciding who votes, and Anna in it."""
    budget_round, box, by_title = make_sater_round("vote")
    use_roll(budget_round, census=True)
    voter = make_census_voter(
        budget_round, ANNA_PNR, full_name="Anna Andersson", email="anna@example.se"
    )
    paper_station(box, STATION)  # registered with its number of ballots before the close
    return budget_round, box, by_title, voter


def test_paper_ballot_typed_twice_differs_is_resolved_and_blocks_online_voting(
    page, new_page, login, goto, live_server, console_errors, paper_round
):
    from delaktig.voting.models import Ballot, PaperBallot, Participation

    budget_round, box, _by_title, voter = paper_round
    manage = f"/hantera/omgangar/{budget_round.slug}/"
    papers = f"{manage}omrostning/papper/"

    # Official A, at the library's voting station, from the round's page.
    login(page, make_official(full_name="Olga Officer"), next_path=manage)
    page.get_by_role("link", name="Pappersröstsedlar").click()
    page.wait_for_url(f"**{papers}")
    page.get_by_role("link", name=f"Mata in en pappersröst: {budget_round.name}").click()
    page.wait_for_url(f"**{manage}omrostning/{box.pk}/papper/ny/")
    assert assert_one_h1(page) == "Mata in en pappersröst"
    page.get_by_label("Väljarens e-postadress eller id").fill(ANNA_PNR)
    page.get_by_label("Röstmottagningsställe").fill(STATION)
    tick_only(page, {DESKS, COFFEE})
    page.get_by_role("button", name="Spara första inmatningen").click()
    entry = PaperBallot.objects.get(box=box)
    number = f"P-{entry.pk}"
    expect(page.locator("h1")).to_have_text(f"Pappersröstsedel {number} är inmatad")
    receipt = page.locator(".receipt__code").inner_text().strip()
    assert len(receipt) >= 6, receipt
    assert f"Skriv {number} på pappersröstsedeln" in page.locator("main .receipt").inner_text()
    assert entry.voter == voter, "the personnummer found Anna's own account in the census"
    assert entry.station == STATION and entry.status == "pending"
    assert Participation.objects.get(box=box).channel == "paper"
    assert not Ballot.objects.filter(box=box).exists(), "not counted after one entry"
    assert_accessible(page)
    save_screenshot(page, "paper-entered")

    # Anna comes back to the station: a second paper ballot, found by her e-mail, is refused.
    page.get_by_role("link", name="Mata in nästa pappersröst").click()
    page.get_by_label("Väljarens e-postadress eller id").fill("anna@example.se")
    page.get_by_label("Röstmottagningsställe").fill(STATION)
    tick_only(page, {SCREENS, COFFEE})
    page.get_by_role("button", name="Spara första inmatningen").click()
    summary = assert_error_summary_focused(page)
    assert "Personen har redan röstat på papper." in summary, summary
    assert page.get_by_label(SCREENS).is_checked(), "the typed ballot is kept"
    assert PaperBallot.objects.filter(box=box).count() == 1
    assert_accessible(page)
    assert_no_errors(console_errors(page))

    # Official B types the paper again, blind, and reads one cross wrong.
    official_b = new_page("official-b")
    login(official_b, make_official(full_name="Olle Officer"), next_path=papers)
    official_b.get_by_role("link", name=f"Mata in {number} igen").click()
    assert assert_one_h1(official_b) == f"Andra inmatningen av {number}"
    for title in SATER_PROPOSALS:
        assert not official_b.get_by_label(title).is_checked(), "the first entry is not shown"
    assert STATION in official_b.locator("main .facts").inner_text()
    assert_accessible(official_b)
    tick_only(official_b, {DESKS, SCREENS})
    official_b.get_by_role("button", name="Spara andra inmatningen").click()
    official_b.wait_for_url(f"**{papers}")
    warning = official_b.locator(".messages").inner_text()
    assert f"De två inmatningarna av pappersröstsedel {number} skiljer sig." in warning, warning
    assert official_b.get_by_role("link", name=f"Lös {number}").count() == 1
    assert official_b.get_by_role("link", name=f"Mata in {number} igen").count() == 0
    entry.refresh_from_db()
    assert entry.status == "mismatch"
    assert not Ballot.objects.filter(box=box).exists()
    assert_accessible(official_b)
    save_screenshot(official_b, "paper-mismatch")
    assert_no_errors(console_errors(official_b))

    # Official C reads the paper ballot and types it a third time: that entry counts.
    official_c = new_page("official-c")
    login(official_c, make_official(full_name="Tora Tredje"), next_path=papers)
    official_c.get_by_role("link", name=f"Lös {number}").click()
    assert assert_one_h1(official_c) == f"Lös {number}"
    passes = official_c.locator("main").inner_text()
    assert "Första inmatningen" in passes and "Andra inmatningen" in passes
    assert_accessible(official_c)
    tick_only(official_c, {DESKS, COFFEE})
    official_c.get_by_role("button", name="Spara och räkna den här inmatningen").click()
    official_c.wait_for_url(f"**{papers}")
    assert f"Pappersröstsedel {number} är räknad." in official_c.locator(".messages").inner_text()
    assert Ballot.objects.filter(box=box).count() == 1
    assert Ballot.objects.get(box=box).channel == "paper"
    assert chosen(box) == [{DESKS, COFFEE}]
    entry.refresh_from_db()
    assert entry.status == "counted" and entry.voter is None, "a counted entry forgets Anna"

    # The reconciliation: one paper ballot, for one person who voted on paper.
    official_c.get_by_role("link", name="Avstämning per kanal och röstmottagningsställe").click()
    official_c.wait_for_url(f"**{manage}omrostning/avstamning/")
    assert "Siffrorna stämmer." in official_c.locator("main").inner_text()
    per_channel = "Personer som har röstat och röstsedlar, per kanal"
    assert row_cells(official_c, per_channel, "Papper") == ["1", "1"]
    assert row_cells(official_c, per_channel, "Digitalt") == ["0", "0"]
    # Entered, waiting, matched, differed, not resolved, counted, rejected, one person.
    per_station = "Pappersröster per röstmottagningsställe"
    assert row_cells(official_c, per_station, STATION) == ["1", "0", "0", "1", "0", "1", "0", "0"]
    assert_accessible(official_c)
    assert_no_errors(console_errors(official_c))

    # Anna signs in online: she has voted on paper, and the ballot cannot be sent.
    anna = new_page("voter")
    login(anna, voter)
    goto(anna, f"/omgangar/{budget_round.slug}/rosta/")
    assert anna.locator("main .message").inner_text() == VOTED_ON_PAPER
    ballot_form = anna.locator("main form[data-ballot]")
    assert ballot_form.locator("button[type=submit]").count() == 0
    assert all(tick.is_disabled() for tick in ballot_form.locator("input[type=checkbox]").all())
    assert_accessible(anna)
    response = force_submit(anna, "main form[data-ballot]", check=(SCREENS, COFFEE))
    assert response.status == 409, response.status
    assert VOTED_ON_PAPER in anna.locator("main").inner_text()
    assert chosen(box) == [{DESKS, COFFEE}], "the paper ballot stands"
    assert list(Participation.objects.filter(box=box).values_list("channel", flat=True)) == [
        "paper"
    ]
    assert_no_errors(without_status(console_errors(anna), 409))


def test_paper_entry_refuses_an_online_voter_and_an_unknown_number(
    page, login, goto, console_errors, paper_round
):
    from delaktig.voting.models import PaperBallot
    from delaktig.voting.services import casting

    budget_round, box, by_title, voter = paper_round
    casting.cast_ballot(by=voter, box=box, choices=[by_title[DESKS].pk, by_title[COFFEE].pk])
    login(page, make_official())
    goto(page, f"/hantera/omgangar/{budget_round.slug}/omrostning/{box.pk}/papper/ny/")

    for identifier, message in (
        (ANNA_PNR, "Personen har redan röstat på webben."),
        ("19121212-1212", "Vi hittade ingen som får rösta med det id:t."),
    ):
        page.get_by_label("Väljarens e-postadress eller id").fill(identifier)
        page.get_by_label("Röstmottagningsställe").fill(STATION)
        tick_only(page, {SCREENS, COFFEE})
        page.get_by_role("button", name="Spara första inmatningen").click()
        summary = assert_error_summary_focused(page)
        assert message in summary, (identifier, summary)
        assert page.get_by_label("Väljarens e-postadress eller id").input_value() == identifier
        assert_accessible(page)

    assert not PaperBallot.objects.filter(box=box).exists()
    assert chosen(box) == [{DESKS, COFFEE}], "the online ballot stands"
    assert_no_errors(console_errors(page))
