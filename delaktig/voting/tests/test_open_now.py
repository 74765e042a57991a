"""'Öppna omröstningen nu' beside the dates (issue 11): the vote starts now, and the round's
rules freeze as when it opens by the clock."""

import pytest
from django.urls import reverse
from django.utils import timezone

from delaktig.audit.models import AuditEvent
from delaktig.core.errors import Conflict, NotAllowed
from delaktig.processes import services
from delaktig.processes.tests.factories import round_in_phase as bare_round

from .factories import box_with_proposals


def round_in_phase(phase, **kwargs):
    """A round with a ballot that has proposals on it, so that voting may open."""
    budget_round = bare_round(phase, **kwargs)
    box_with_proposals(budget_round, [100, 200])
    return budget_round


pytestmark = pytest.mark.django_db


def test_opening_now_starts_the_vote_and_ends_the_running_phase(official):
    budget_round = round_in_phase("propose")
    before = timezone.now()
    services.open_binding_phase_now(by=official, budget_round=budget_round)
    budget_round = type(budget_round).objects.get(pk=budget_round.pk)
    assert budget_round.current_phase_kind() == "vote"
    assert budget_round.rules_frozen()
    assert budget_round.phase_of_kind("propose").ends_at >= before
    assert budget_round.phase_of_kind("assess") is None  # not begun: skipped
    assert AuditEvent.objects.filter(action="round.voting_opened_now").exists()


def test_refused_once_open_for_others_and_for_drafts(official, resident):
    with pytest.raises(Conflict):
        services.open_binding_phase_now(by=official, budget_round=round_in_phase("vote"))
    with pytest.raises(NotAllowed):
        services.open_binding_phase_now(by=resident, budget_round=round_in_phase("propose"))
    with pytest.raises(Conflict):
        services.open_binding_phase_now(
            by=official, budget_round=round_in_phase("propose", status="draft")
        )


def test_an_empty_ballot_keeps_voting_closed(official):
    """Issue 11, broken 6: nobody opens a vote with nothing on the ballot."""
    empty = bare_round("propose")
    with pytest.raises(Conflict, match="röstsedel"):
        services.open_binding_phase_now(by=official, budget_round=empty)
    assert empty.current_phase_kind() == "propose"


def test_the_page_says_what_happens_then_does_it(client, official):
    budget_round = round_in_phase("assess")
    client.force_login(official)
    url = reverse("processes_manage:open_voting_now", kwargs={"slug": budget_round.slug})
    schedule = reverse("processes_manage:schedule_edit", kwargs={"slug": budget_round.slug})
    assert url in client.get(schedule).content.decode()
    page = client.get(url).content.decode()
    assert "inte längre ändras" in page and "hoppas över" in page
    assert budget_round.current_phase_kind() == "assess"  # a GET changes nothing
    assert client.post(url).status_code == 302
    assert type(budget_round).objects.get(pk=budget_round.pk).current_phase_kind() == "vote"
