"""Accessibility sweep: every page the journeys do not reach, at 1280 px and at 320 px.

Each page is checked for its HTTP status, exactly one <h1>, axe (no serious or critical WCAG
2.1 A/AA violation), no console errors and, at 320 px, no sideways scrolling of the page
(`journeys.page_problems`). One test per set of data: it seeds the round once, signs in both
browser pages with a session cookie and visits its pages at both widths, collecting every
problem before it fails, so one broken page does not hide the next.

A check that fails because of a bug in the site can be left out of one visit (`skip=`) and kept in
its own test below.
"""

from __future__ import annotations

import pytest

from delaktig.results.tests.factories import BROKEN_PABULIB, SMALL_PABULIB
from e2e.journeys import (
    SATER_PROPOSALS,
    assert_no_horizontal_scroll,
    make_area,
    make_category,
    make_moderator,
    make_official,
    make_resident,
    make_round_in_phase,
    make_sater_round,
    make_voted_sater_round,
    page_problems,
    publish_result,
    sign_in_with_cookie,
    url,
)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

DESKS, SCREENS, HEALTH_DAY, COFFEE = SATER_PROPOSALS
BALLOTS = [*[[DESKS, SCREENS]] * 3, [DESKS, COFFEE], [HEALTH_DAY, COFFEE]]

PABULIB, PABULIB_BROKEN = SMALL_PABULIB, BROKEN_PABULIB
# Row 3 has a wrong check digit: the census page lists it in its table of row errors.
CENSUS_BAD = (
    "personnummer;område\n811228-9874;Forserum\n811228-9875;Forserum\n19121212-1212;Forserum\n"
)
# Row 3 has no name and row 4 an e-mail address that is not one.
INVITATIONS_BAD = (
    "namn;e-post;grupp;område\nAlva;alva@example.se;7B;Forserum\n;bo@example.se;7B;Forserum\n"
    "Cia;cia-at-example;8A;Forserum\n"
)
INVITATIONS_GOOD = "namn;grupp;område\nDan;9C;Forserum\n"


class Sweep:
    """Visits pages in a desktop and a mobile browser page and collects every problem."""

    def __init__(self, live_server, console_errors, pages):
        self.live_server = live_server
        self.console_errors = console_errors
        self.pages = pages
        self.problems: list[str] = []
        self.visited = 0

    def sign_in(self, user):
        for page in self.pages.values():
            sign_in_with_cookie(page, self.live_server, user)
        return user

    def url(self, path: str) -> str:
        return url(self.live_server, path)

    def visit(self, path: str, *, label: str | None = None, **checks):
        """Open `path` (no redirect allowed) and check it; `checks` as for `run`."""
        self.run(label or path, lambda page: page.goto(self.url(path)), stay=path, **checks)

    def run(
        self,
        label: str,
        action,
        *,
        status: int = 200,
        skip=frozenset(),
        shows: str | None = None,
        stay: str | None = None,
    ):
        """`action(page)` opens the page to check and returns the document's response.

        `shows`: a selector the page must hold, proving it is in the state meant (a result, an
        error table); `stay`: the path the page must still be at (nothing redirected);
        `skip`: checks of `page_problems` left out because of a known bug."""
        for width, page in self.pages.items():
            seen = len(self.console_errors(page))
            response = action(page)
            page.wait_for_load_state()
            found = page_problems(
                page,
                response,
                self.console_errors(page)[seen:],
                expect_status=status,
                skip=frozenset(skip),
            )
            if stay is not None and page.url != self.url(stay):
                found.append(f"redirected to {page.url}")
            if shows is not None and page.locator(shows).count() == 0:
                main = page.locator("main").inner_text()[:300].replace("\n", " / ")
                found.append(f"nothing matches {shows!r}; the page says: {main}")
            self.problems += [f"{label} at {width} px: {problem}" for problem in found]
            self.visited += 1

    def assert_clean(self):
        assert self.visited, "the sweep visited no page"
        assert not self.problems, f"{len(self.problems)} problem(s):\n" + "\n".join(
            f"- {p}" for p in self.problems
        )


@pytest.fixture
def sweep(page, mobile_page, live_server, console_errors):
    return Sweep(live_server, console_errors, {1280: page, 320: mobile_page})


def submit(page, form="form"):
    """Press the submit button of the first `form` in <main>; the response of the page shown."""
    with page.expect_navigation() as navigation:
        page.locator(f"main {form} button[type=submit]").first.click()
    return navigation.value


def upload(sweep, path: str, name: str, text: str, mime: str = "text/plain", **fields):
    """An action: open `path`, choose `text` as the file `name`, fill `fields` (select
    name → value), and send the form."""

    def action(page):
        page.goto(sweep.url(path))
        file = {"name": name, "mimeType": mime, "buffer": text.encode("utf-8")}
        page.set_input_files("main input[type=file]", files=[file])
        for field, value in fields.items():
            page.select_option(f"main select[name={field}]", value)
        return submit(page, "form:has(input[type=file])")

    return action


# --- Roll and voting codes ------------------------------------------------------------------


def test_code_entry_pages(sweep):
    from delaktig.eligibility.tests.factories import invitation_with_code

    budget_round = make_round_in_phase("vote")
    _invitation, code = invitation_with_code(budget_round=budget_round)

    sweep.visit("/rostkod/")
    sweep.visit(f"/rostkod/{code}/", label="/rostkod/<code>/")
    sweep.assert_clean()


def test_roll_pages_for_officials(sweep):
    from delaktig.eligibility.tests.factories import InvitationFactory, invitation_with_code

    budget_round = make_round_in_phase("propose")
    area = make_area(budget_round, name="Forserum")
    for group in ("7B", "7B", "8A"):
        InvitationFactory(budget_round=budget_round, group=group, area=area)
    invitation_with_code(budget_round=budget_round, group="8A")
    sweep.sign_in(make_official())
    base = f"/hantera/omgangar/{budget_round.slug}/rostlangd/"
    row_errors = "main [data-error-summary] ~ .table-wrap tbody tr, main .table-wrap tbody tr"

    sweep.visit(base)
    sweep.visit(f"{base}ladda-upp/")
    sweep.run(
        "census upload with bad rows",
        upload(sweep, f"{base}ladda-upp/", "lista.csv", CENSUS_BAD, "text/csv"),
        shows=row_errors,
    )
    sweep.visit(f"{base}inbjudningar/")
    sweep.visit(f"{base}inbjudningar/?grupp=7B")
    sweep.visit(f"{base}inbjudningar/ladda-upp/")
    sweep.run(
        "invitation upload with bad rows",
        upload(sweep, f"{base}inbjudningar/ladda-upp/", "lista.csv", INVITATIONS_BAD, "text/csv"),
        shows=row_errors,
    )
    sweep.run(
        "invitation upload read",
        upload(sweep, f"{base}inbjudningar/ladda-upp/", "lista.csv", INVITATIONS_GOOD, "text/csv"),
        shows="main .message--success",
    )
    from delaktig.eligibility.models import RollFile

    waiting = RollFile.objects.create(budget_round=budget_round, kind="census", file_name="a.csv")
    sweep.visit(f"{base}filer/{waiting.pk}/", label="a file waiting for the task queue")
    from delaktig.eligibility.models import Invitation
    from delaktig.eligibility.services import roll_files

    sheet = roll_files.queue_code_sheet(
        by=make_official(full_name="Petra Print"),
        budget_round=budget_round,
        invitations=Invitation.objects.filter(budget_round=budget_round, group="7B"),
    )
    roll_files.read_roll_job(sheet.pk)
    sweep.visit(f"{base}filer/{sheet.pk}/", label="a code sheet ready to download")
    roll_files.take_code_sheet(sheet)
    sweep.visit(f"{base}filer/{sheet.pk}/", label="a code sheet already downloaded")
    sweep.assert_clean()


# --- Paper ballots --------------------------------------------------------------------------


@pytest.fixture
def paper_round(db):
    """A Säter round in its voting phase with one paper ballot waiting for its second entry,
    one whose entries differ, and one counted."""
    from delaktig.voting.paper import services as paper

    budget_round, box, by_title = make_sater_round("vote")
    first_official = make_official(full_name="Olga Officer")
    second_official = make_official(full_name="Olle Officer")
    paper.register_station(
        by=first_official, budget_round=budget_round, name="Biblioteket", ballots=10
    )

    def enter(choices, email):
        voter = make_resident(email=email)
        return paper.enter_first_pass(
            by=first_official,
            box=box,
            identifier=voter.email,
            station="Biblioteket",
            choices=[by_title[t].pk for t in choices],
        ).entry

    waiting = enter([DESKS, COFFEE], "alva@example.se")
    mismatch = enter([DESKS, SCREENS], "bo@example.se")
    paper.enter_second_pass(
        by=second_official, entry=mismatch, choices=[by_title[DESKS].pk, by_title[COFFEE].pk]
    )
    counted = enter([SCREENS, COFFEE], "cia@example.se")
    paper.enter_second_pass(
        by=second_official, entry=counted, choices=[by_title[SCREENS].pk, by_title[COFFEE].pk]
    )
    return budget_round, box, waiting, mismatch, second_official


def test_paper_ballot_pages(sweep, paper_round):
    budget_round, box, waiting, mismatch, _second = paper_round
    sweep.sign_in(make_official(full_name="Tora Tredje"))
    base = f"/hantera/omgangar/{budget_round.slug}/omrostning/"

    sweep.visit(f"{base}papper/", shows='main a[href$="/los/"]')
    sweep.visit(f"{base}{box.pk}/papper/ny/")
    sweep.visit(f"{base}papper/{waiting.pk}/andra/", label="second entry")
    sweep.visit(f"{base}papper/{mismatch.pk}/los/", label="mismatch resolution")
    sweep.visit(f"{base}avstamning/")
    sweep.assert_clean()


# --- Results ------------------------------------------------------------------------------


def test_receipt_check_pages(sweep):
    from delaktig.processes.timeline import move_to
    from delaktig.voting.services import casting

    budget_round, box, by_title = make_sater_round("vote")
    receipt = casting.cast_ballot(
        by=make_resident(), box=box, choices=[by_title[DESKS].pk, by_title[COFFEE].pk]
    )
    move_to(budget_round, "result")
    publish_result(budget_round, make_official())
    path = f"/omgangar/{budget_round.slug}/resultat/kvitto/"

    def check(code):
        def action(page):
            page.goto(sweep.url(path))
            page.fill("main input[name=code]", code)
            return submit(page)

        return action

    sweep.visit(path)
    sweep.run("receipt found", check(receipt.code), shows="main .message--success")
    sweep.run("receipt not found", check("ABCD-EFGH-JKLM-NPQR"), shows="main .message--warning")
    sweep.assert_clean()


def test_results_pages_for_officials(sweep):
    from delaktig.results import services

    budget_round, box = make_voted_sater_round(BALLOTS)
    official = sweep.sign_in(make_official())
    run = services.run_tally(by=official, box=box)
    base = f"/hantera/omgangar/{budget_round.slug}/resultat/"

    sweep.visit(base)
    sweep.visit(f"{base}jamfor/{box.pk}/", label="compare rules")
    sweep.visit(f"{base}rakning/{run.pk}/", label="run review")
    sweep.visit(f"{base}publicera/", label="check before publishing the result")
    sweep.visit("/hantera/", label="start page with a result to publish")
    sweep.assert_clean()


def test_count_a_pabulib_file(sweep):
    sweep.sign_in(make_official())

    sweep.visit("/hantera/rakna-fil/")
    sweep.run(
        "count_file with a valid file",
        upload(sweep, "/hantera/rakna-fil/", "val.pb", PABULIB, rule="greedy"),
        shows="main section[aria-labelledby=file-result] tbody tr",
    )
    sweep.run(
        "count_file with a malformed file",
        upload(sweep, "/hantera/rakna-fil/", "trasig.pb", PABULIB_BROKEN, rule="mes"),
        shows="main [data-error-summary]",
    )
    sweep.assert_clean()


# --- Privacy ------------------------------------------------------------------------------


def test_privacy_pages(sweep):
    sweep.visit("/integritet/", label="/integritet/ signed out")
    sweep.sign_in(make_resident())
    sweep.visit("/integritet/")
    sweep.visit("/integritet/mina-uppgifter/")
    sweep.visit("/integritet/mina-uppgifter/radera-kontot/")
    sweep.assert_clean()


# --- Proposals, moderation and assessment ----------------------------------------------------


def test_moderation_queue_with_a_reported_proposal(sweep):
    from delaktig.proposals.tests.factories import ProposalFactory, ReportFactory

    budget_round = make_round_in_phase("propose")
    proposal = ProposalFactory(budget_round=budget_round)
    ReportFactory(proposal=proposal)
    ReportFactory(proposal=proposal, reason="Reklam för ett företag.")
    sweep.sign_in(make_moderator())

    sweep.visit(
        f"/hantera/omgangar/{budget_round.slug}/forslag/moderering/",
        shows='main form[action$="/dolj/"]',
    )
    report = proposal.reports.first()
    sweep.visit(
        f"/hantera/omgangar/{budget_round.slug}/forslag/moderering/{report.pk}/avfarda/",
        label="check before dismissing a report",
    )
    sweep.assert_clean()


def test_proposal_list_with_filters(sweep):
    from delaktig.proposals.tests.factories import ProposalFactory, SupportFactory

    budget_round = make_round_in_phase("propose")
    areas = [make_area(budget_round, name=n) for n in ("Forserum", "Anneberg")]
    categories = [make_category(budget_round, name=n) for n in ("Lek och idrott", "Natur")]
    for i in range(5):
        proposal = ProposalFactory(
            budget_round=budget_round, area=areas[i % 2], category=categories[i % 2]
        )
        for _ in range(i):
            SupportFactory(proposal=proposal)
    base = f"/omgangar/{budget_round.slug}/forslag/"

    sweep.visit(f"{base}?area={areas[0].pk}&category={categories[0].pk}&sort=supported")
    sweep.visit(f"{base}?area={areas[1].pk}&category={categories[0].pk}", label="no matches")
    sweep.assert_clean()


def test_assessment_and_ballot_design_pages(sweep):
    from delaktig.proposals.tests.factories import ProposalFactory

    budget_round, box, by_title = make_sater_round("assess")
    unassessed = ProposalFactory(budget_round=budget_round, title="Ny simhall i Forserum")
    sweep.sign_in(make_official())
    base = f"/hantera/omgangar/{budget_round.slug}/"

    sweep.visit(f"{base}bedomning/")
    sweep.visit(f"{base}bedomning/forslag/{unassessed.pk}/", label="assessment form, new")
    sweep.visit(f"{base}bedomning/forslag/{by_title[DESKS].pk}/", label="assessment form, done")
    sweep.visit(f"{base}omrostning/{box.pk}/", label="ballot design")
    sweep.visit(f"{base}omrostning/{box.pk}/forhandsvisning/", label="ballot preview")
    sweep.assert_clean()


# --- Setting up rounds ------------------------------------------------------------------------


def test_round_manage_and_edit_pages(sweep):
    budget_round = make_round_in_phase("propose")
    make_area(budget_round, name="Forserum")
    make_category(budget_round, name="Lek och idrott")
    sweep.sign_in(make_official())
    base = f"/hantera/omgangar/{budget_round.slug}/"

    sweep.visit("/hantera/")
    sweep.visit(base)
    for part in ("uppgifter", "omraden", "tidsplan", "kategorier"):
        sweep.visit(f"{base}{part}/")
    sweep.assert_clean()


def test_forbidden_page_for_a_resident(sweep):
    sweep.sign_in(make_resident())
    sweep.visit("/hantera/", status=403)
    sweep.assert_clean()


# --- In English ---------------------------------------------------------------------------


def test_pages_in_english(sweep):
    sweep.sign_in(make_official())

    def switch(page):
        page.goto(sweep.url("/hantera/"))
        with page.expect_navigation() as navigation:
            page.click('header button[name="language"][value="en"]')
        page.wait_for_function("() => document.documentElement.lang === 'en'")
        return navigation.value

    sweep.run("/hantera/ in English", switch)
    for path in ("/integritet/mina-uppgifter/", "/hantera/rakna-fil/", "/rostkod/"):
        sweep.visit(path, label=f"{path} in English")
    for page in sweep.pages.values():
        assert page.evaluate("() => document.documentElement.lang") == "en"
    sweep.assert_clean()


# --- Regressions -----------------------------------------------------------------------------
# `.table-wrap` must be a containing block: the position:absolute `.visually-hidden` spans in a
# table's links and buttons escaped it and widened the whole page at 320 px (WCAG 1.4.10).


def open_or_fail(page, live_server, path):
    """Open a page; anything but a 200 fails the test."""
    response = page.goto(url(live_server, path))
    if response is None or response.status != 200:
        pytest.fail(f"{path} answered {response and response.status}, not 200")


def test_invitation_list_reflows_at_320px(mobile_page, live_server):
    from delaktig.eligibility.tests.factories import InvitationFactory

    budget_round = make_round_in_phase("propose")
    InvitationFactory(budget_round=budget_round, group="7B")
    sign_in_with_cookie(mobile_page, live_server, make_official())
    open_or_fail(
        mobile_page, live_server, f"/hantera/omgangar/{budget_round.slug}/rostlangd/inbjudningar/"
    )
    assert_no_horizontal_scroll(mobile_page)


def test_assessment_queue_reflows_at_320px(mobile_page, live_server):
    from delaktig.proposals.tests.factories import ProposalFactory

    budget_round = make_round_in_phase("assess")
    ProposalFactory(budget_round=budget_round)
    sign_in_with_cookie(mobile_page, live_server, make_official())
    open_or_fail(mobile_page, live_server, f"/hantera/omgangar/{budget_round.slug}/bedomning/")
    assert_no_horizontal_scroll(mobile_page)
