"""Journey 3: an official assesses proposals with public reasons and publishes them; then
designs the ballot from the feasible ones (locked once voting opens)."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from e2e.journeys import (
    assert_accessible,
    assert_error_summary_focused,
    assert_no_errors,
    assert_one_h1,
    logout,
    make_official,
    make_resident,
    make_round_in_phase,
)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

FEASIBLE = "Belysning längs gång- och cykelvägen"
NOT_FEASIBLE = "Ny simhall i Forserum"
REASON = (
    "En simhall kostar omkring 200 miljoner kronor att bygga och drivs av kommunens "
    "fritidsförvaltning. Det ryms inte i medborgarbudgeten."
)


def without_form_400(errors: list[str]) -> list[str]:
    """The assessment form with errors answers 400 on purpose (assessments/manage_views.py),
    and Chromium logs any 4xx document as a failed load: leave that one out."""
    return [e for e in errors if not ("status of 400" in e and "/bedomning/forslag/" in e)]


@pytest.fixture
def proposals(db):
    from delaktig.proposals.tests.factories import ProposalFactory

    budget_round = make_round_in_phase("assess", name="Medborgarbudget Nässjö 2026")
    author = make_resident(email="karin@example.se")
    return budget_round, {
        title: ProposalFactory(budget_round=budget_round, author=author, title=title)
        for title in (FEASIBLE, NOT_FEASIBLE)
    }


def test_official_assesses_and_publishes_with_public_reasons(
    page, login, goto, console_errors, proposals
):
    budget_round, by_title = proposals
    login(page, make_official())

    goto(page, f"/hantera/omgangar/{budget_round.slug}/bedomning/")
    assert assert_one_h1(page) == "Bedöm förslag"
    assert_accessible(page)

    # Feasible, first without the cost it needs.
    page.get_by_role("link", name=f"Bedöm {FEASIBLE}").click()
    page.wait_for_url(f"**/bedomning/forslag/{by_title[FEASIBLE].pk}/")
    assert_accessible(page)
    page.get_by_label("Genomförbart", exact=True).check()
    page.get_by_label("Offentlig motivering").fill(
        "Tekniska förvaltningen kan sätta upp tolv nya stolpar under hösten."
    )
    page.get_by_role("button", name="Spara bedömningen").click()
    summary = assert_error_summary_focused(page)
    assert "Skriv kostnaden för ett genomförbart förslag." in summary
    assert page.get_by_label("Genomförbart", exact=True).is_checked(), "the choice is kept"
    assert_accessible(page)
    page.get_by_label("Beräknad kostnad i kronor").fill("28000")
    page.get_by_role("button", name="Spara bedömningen").click()
    page.wait_for_url(f"**/omgangar/{budget_round.slug}/bedomning/")
    assert "Bedömningen är sparad." in page.locator(".messages").inner_text()

    # Not feasible, with the public reason.
    page.get_by_role("link", name=f"Bedöm {NOT_FEASIBLE}").click()
    page.wait_for_url(f"**/bedomning/forslag/{by_title[NOT_FEASIBLE].pk}/")
    page.get_by_label("Inte genomförbart").check()
    page.get_by_label("Offentlig motivering").fill(REASON)
    page.get_by_role("button", name="Spara bedömningen").click()
    page.wait_for_url(f"**/omgangar/{budget_round.slug}/bedomning/")
    assert_accessible(page)

    # Nothing is public before publishing.
    for proposal in by_title.values():
        proposal.refresh_from_db()
        assert proposal.assessment.published_at is None
    assert mail.outbox == []

    page.get_by_role("link", name="Publicera bedömningarna och meddela förslagsställarna").click()
    assert assert_one_h1(page) == "Publicera bedömningarna?"
    assert mail.outbox == []
    assert_accessible(page)
    page.get_by_role("button", name="Ja, publicera och meddela förslagsställarna").click()
    page.wait_for_url(f"**/omgangar/{budget_round.slug}/bedomning/")
    expect(page.get_by_role("link", name="Publicera bedömningarna", exact=False)).to_have_count(0)
    for proposal in by_title.values():
        proposal.assessment.refresh_from_db()
        assert proposal.assessment.published_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == ["karin@example.se"] * 2
    assert_accessible(page)
    assert_no_errors(without_form_400(console_errors(page)))

    # Everyone sees the verdicts and the reasons.
    logout(page)
    goto(page, by_title[NOT_FEASIBLE].get_absolute_url())
    verdict = page.get_by_role("region", name="Bedömning", exact=True)
    assert "Inte genomförbart" in verdict.inner_text()
    assert REASON in verdict.inner_text()
    assert_accessible(page)

    goto(page, by_title[FEASIBLE].get_absolute_url())
    verdict = page.get_by_role("region", name="Bedömning", exact=True)
    assert "Genomförbart" in verdict.inner_text()
    assert "28 000 kr" in verdict.inner_text().replace("\u00a0", " ")
    assert_accessible(page)
    assert_no_errors(without_form_400(console_errors(page)))


def test_official_designs_a_sater_ballot_that_locks_when_voting_opens(
    page, login, goto, console_errors
):
    from delaktig.processes.timeline import move_to
    from delaktig.voting.models import BallotBox
    from delaktig.voting.tests.factories import ProposalFactory, feasible

    budget_round = make_round_in_phase(
        "assess", name="Medarbetarbudget 2021 – du vet bäst", audience="staff", total_budget=50_000
    )
    costs = {"Höj- och sänkbara skrivbord": 20_000, "Kaffemaskin": 10_000, "Ny bil": 45_000}
    for title, cost in costs.items():
        feasible(ProposalFactory(budget_round=budget_round, title=title, estimated_cost=cost))
    login(page, make_official())

    goto(page, f"/hantera/omgangar/{budget_round.slug}/omrostning/")
    assert_accessible(page)
    page.get_by_label("Typ av röstsedel för nya omröstningar").select_option(
        label="Budget: välj förslag som ryms i pengarna"
    )
    page.get_by_role("button", name="Skapa de omröstningar som saknas").click()
    # One ballot for the whole round: its design page comes next (issue 11).
    page.wait_for_url("**/omrostning/*/")
    assert_accessible(page)

    page.get_by_label("Minsta antal val").fill("2")
    page.get_by_label("Mest en väljare får använda (kr)").fill("50000")
    page.get_by_label("Högsta kostnad för ett förslag (kr)").fill("30000")
    page.get_by_label("Höj- och sänkbara skrivbord").check()
    page.get_by_label("Kaffemaskin").check()
    page.get_by_role("button", name="Spara röstsedeln").click()
    expect(page.locator(".messages")).to_contain_text("Röstsedeln är sparad.")
    assert_accessible(page)

    # "Put all feasible proposals on the ballot" leaves out the one over the 30 000 kr cap.
    page.get_by_role("button", name="Lägg alla genomförbara förslag på röstsedeln").click()
    expect(page.locator(".messages")).to_contain_text("Ny bil")
    assert_accessible(page)

    box = BallotBox.objects.get(budget_round=budget_round)
    assert box.kind == "knapsack"
    assert (box.min_choices, box.spending_cap, box.max_cost_per_proposal) == (2, 50_000, 30_000)
    on_ballot = set(box.proposals.values_list("title", flat=True))
    assert on_ballot == {"Höj- och sänkbara skrivbord", "Kaffemaskin"}, "45 000 kr is over 30 000"

    # Voting opens: the ballot can be read but not changed.
    move_to(budget_round, "vote")
    page.reload()
    assert page.locator("form#design").count() == 0
    assert "röstsedeln är låst" in page.locator("main").inner_text()
    assert_accessible(page)
    assert_no_errors(console_errors(page))
