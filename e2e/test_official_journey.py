"""Issue 11: a new case officer goes from "Skapa en budgetomgång" through the round's task list
to an open vote, at 1280 px with axe on every new page. The walk (e2e/journeys.py) is the one
bench/journeys.py times against the demo data."""

import pytest
from playwright.sync_api import expect

from e2e.journeys import (
    OFFICIAL_PROPOSALS,
    OFFICIAL_ROUND,
    assert_accessible,
    assert_no_errors,
    assert_one_h1,
    make_official,
    walk_official_to_open_vote,
)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]


def seed_feasible_proposals(slug):
    """What residents proposed and case officers found feasible meanwhile."""
    from django.utils import timezone

    from delaktig.assessments.models import Assessment
    from delaktig.processes.models import BudgetRound
    from delaktig.proposals.tests.factories import ProposalFactory

    budget_round = BudgetRound.objects.get(slug=slug)
    for title, cost in OFFICIAL_PROPOSALS.items():
        proposal = ProposalFactory(budget_round=budget_round, title=title, estimated_cost=cost)
        Assessment.objects.create(
            proposal=proposal,
            verdict="feasible",
            reason="Går att genomföra.",
            published_at=timezone.now(),
        )


def checked(page):
    assert_one_h1(page)
    assert_accessible(page)


def test_a_new_official_reaches_an_open_vote_from_the_task_list(
    page, login, goto, live_server, console_errors
):
    from delaktig.audit.models import AuditEvent
    from delaktig.processes.models import BudgetRound
    from delaktig.voting.models import Ballot, BallotBox, Participation

    login(page, make_official())
    walk, slug = walk_official_to_open_vote(
        page, live_server.url, seed=seed_feasible_proposals, check=checked
    )
    print(f"journey official: {walk.actions} actions, {walk.seconds:.1f} s (with the test server)")

    budget_round = BudgetRound.objects.get(slug=slug)
    assert budget_round.name == OFFICIAL_ROUND and budget_round.is_published
    assert budget_round.rules_frozen()  # voting is open
    box = BallotBox.objects.get(budget_round=budget_round)
    assert (box.kind, box.counting_rule, box.completion) == ("knapsack", "mes", "add1")
    assert box.proposals.count() == len(OFFICIAL_PROPOSALS)
    # The preview stored nothing, and the task list says voting has opened.
    assert not Ballot.objects.exists() and not Participation.objects.exists()
    assert AuditEvent.objects.filter(action="round.voting_opened_now").count() == 1
    goto(page, f"/hantera/omgangar/{slug}/")
    expect(page.locator("ol.task-list")).to_contain_text("Omröstningen har öppnat.")
    assert walk.actions <= 16
    assert_no_errors(console_errors(page))


def test_the_ballot_design_hides_what_does_not_apply_and_the_preview_checks_a_ballot(
    page, login, goto, console_errors
):
    """With JavaScript the limits follow the chosen kind at once; the preview is the voters'
    ballot, marked, and its button only says whether the choices keep the rules."""
    from delaktig.voting.models import Ballot
    from delaktig.voting.tests.factories import sater_box
    from e2e.journeys import make_round_in_phase

    box, proposals = sater_box(make_round_in_phase("assess", name="Skolbudgeten"))
    login(page, make_official())
    goto(page, f"/hantera/omgangar/{box.budget_round.slug}/omrostning/{box.pk}/")
    spending = page.get_by_label("Mest en väljare får använda (kr)")
    points = page.get_by_label("Poäng per väljare")
    expect(spending).to_be_visible()
    expect(points).to_be_hidden()
    page.get_by_label("Poäng: fördela poäng på förslagen").check()
    expect(points).to_be_visible()
    expect(spending).to_be_hidden()
    expect(page.locator("input[name=shown_kind]")).to_have_value("points")
    completion = page.get_by_role("group", name="Pengar som blir över (bara med lika andelar)")
    expect(completion).to_be_hidden()
    page.get_by_label("Lika andelar", exact=True).check()
    expect(completion).to_be_visible()
    assert_accessible(page)

    goto(page, f"/hantera/omgangar/{box.budget_round.slug}/omrostning/{box.pk}/forhandsvisning/")
    expect(page.locator("[data-preview]")).to_contain_text("Förhandsvisning")
    page.get_by_label(proposals[0].title).check()
    page.get_by_role("button", name="Pröva valen (inget sparas)").click()
    expect(page.locator("[data-error-summary]")).to_contain_text("Välj minst 2 förslag.")
    assert_accessible(page)
    page.get_by_label(proposals[0].title).check()
    page.get_by_label(proposals[1].title).check()
    page.get_by_role("button", name="Pröva valen (inget sparas)").click()
    expect(page.locator("#preview-accepted")).to_contain_text("Inget sparades.")
    assert not Ballot.objects.exists()
    assert_no_errors(console_errors(page))


def test_axe_is_not_run_in_a_page_without_javascript(new_page, goto):
    """page.evaluate waits for ever with scripts off: assert_accessible checks the markup in a
    page with scripts on instead, and run_axe refuses at once."""
    from e2e.journeys import javascript_is_off, run_axe

    page = new_page("no-js", java_script_enabled=False)
    goto(page, "/")
    assert javascript_is_off(page)
    assert isinstance(assert_accessible(page), list)
    with pytest.raises(AssertionError, match="without JavaScript"):
        run_axe(page)


def test_a_page_with_javascript_is_checked_by_axe_itself(page, goto):
    from e2e.journeys import javascript_is_off, run_axe

    goto(page, "/")
    assert not javascript_is_off(page)
    assert "violations" in run_axe(page)
