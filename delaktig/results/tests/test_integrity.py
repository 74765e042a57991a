"""Issue 9: counting and the stored ballots, as an official or a copy of the database would
try them."""

import pytest

from delaktig.core.errors import NotAllowed
from delaktig.results.models import TallyRun
from delaktig.results.services import publish_result, run_tally
from delaktig.voting.tests.factories import box_with_proposals

pytestmark = pytest.mark.django_db


def test_no_count_while_voting_is_open(make_round, official):
    """Finding 4: an interim count while people still vote."""
    box, _p = box_with_proposals(make_round("vote"), [10_000])
    with pytest.raises(NotAllowed):
        run_tally(by=official, box=box)
    assert not TallyRun.objects.exists()


def test_a_flagged_result_needs_a_second_official(make_round, official):
    """Issue 9: one official published while the reconciliation said the counts disagreed."""
    from delaktig.accounts.tests.factories import UserFactory
    from delaktig.approvals import services as approvals
    from delaktig.processes.timeline import move_to
    from delaktig.voting.paper import services as paper
    from delaktig.voting.tests.factories import paper_station

    budget_round = make_round("vote")
    box, p = box_with_proposals(budget_round, [100])
    paper_station(box, "Skolan", ballots=2)  # two ballots in its box, one will be entered
    entry = paper.enter_first_pass(
        by=official, box=box, identifier=UserFactory().email, station="Skolan", choices=[p[0].pk]
    ).entry
    colleague = UserFactory(is_official=True)
    paper.enter_second_pass(by=colleague, entry=entry, choices=[p[0].pk])
    move_to(budget_round, "result")
    run_tally(by=official, box=box)
    with pytest.raises(NotAllowed, match="andra handläggare"):
        publish_result(by=official, budget_round=budget_round)
    with pytest.raises(NotAllowed):
        publish_result(by=official, budget_round=budget_round, approved_by=official)
    budget_round.refresh_from_db()
    assert budget_round.result_published_at is None
    assert not TallyRun.objects.published().exists()
    approval = approvals.request_approval(
        by=official,
        budget_round=budget_round,
        action="results.publish_flagged",
        params={"flags": ["Skolan: 2 registrerade, 1 inmatad"]},
        reason="En röstsedel var ogiltig enligt protokollet",
    )
    with pytest.raises(NotAllowed):
        approvals.approve(by=official, approval=approval)
    approvals.approve(by=colleague, approval=approval)
    budget_round.refresh_from_db()
    assert budget_round.result_published_at is not None


def test_the_ballots_of_a_tiny_box_are_not_published(client, make_round, official, settings):
    """Issue 9, finding 16: the public file of a box with one or two voters showed their
    ballots. Below MIN_PUBLIC_BALLOTS only the counts per proposal are published."""
    from django.urls import reverse
    from django.utils import timezone

    from delaktig.accounts.tests.factories import UserFactory
    from delaktig.processes.timeline import move_to
    from delaktig.voting.services import casting

    assert settings.MIN_PUBLIC_BALLOTS == 5
    budget_round = make_round("vote")
    box, p = box_with_proposals(budget_round, [100, 200])
    for choice in (p[0], p[1]):
        casting.cast_ballot(by=UserFactory(), box=box, choices=[choice.pk])
    move_to(budget_round, "result")
    run_tally(by=official, box=box)
    publish_result(by=official, budget_round=budget_round)
    assert budget_round.result_published_at is None or timezone.now()
    args = {"slug": budget_round.slug, "box_id": box.pk}
    assert client.get(reverse("results:download_pb", kwargs=args)).status_code == 404
    assert client.get(reverse("results:download_csv", kwargs=args)).status_code == 404
    page = client.get(reverse("results:detail", kwargs={"slug": budget_round.slug}))
    assert "publiceras inte röstsedlarna här" in page.content.decode()
    settings.MIN_PUBLIC_BALLOTS = 2
    assert client.get(reverse("results:download_pb", kwargs=args)).status_code == 200


def test_a_receipt_from_before_a_change_gets_the_same_answer(make_round, official):
    """Issue 9 (review): a vote buyer noted the receipt of the vote they watched; the check
    said 'not counted' once the voter had changed it, undoing 'you can change your vote'."""
    from delaktig.accounts.tests.factories import UserFactory
    from delaktig.processes.timeline import move_to
    from delaktig.results.receipts import was_counted
    from delaktig.voting.services import casting

    budget_round = make_round("vote")
    box, (p1, p2) = box_with_proposals(budget_round, [100, 200])
    voter = UserFactory()
    watched = casting.cast_ballot(by=voter, box=box, choices=[p1.pk]).code
    final = casting.cast_ballot(by=voter, box=box, choices=[p2.pk]).code
    for _ in range(5):
        casting.cast_ballot(by=UserFactory(), box=box, choices=[p1.pk])
    move_to(budget_round, "result")
    run_tally(by=official, box=box)
    publish_result(by=official, budget_round=budget_round)
    assert was_counted(budget_round, final) is True
    assert was_counted(budget_round, watched) is True  # the same answer
    assert was_counted(budget_round, "ABCD-EFGH-JKLM-NPQR") is False
