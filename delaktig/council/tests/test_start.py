"""The elected members' start page, and what they may read: dialogue report drafts, turnout so
far; never a page that changes something."""

import pytest
from django.urls import reverse

from delaktig.dialogue import services as dialogue
from delaktig.dialogue.models import BlockKind, Report
from delaktig.dialogue.services import BlockData
from delaktig.dialogue.tests.factories import dialogue_with_quote
from delaktig.voting.models import Participation
from delaktig.voting.tests.factories import box_with_proposals

from .factories import elected_member

pytestmark = pytest.mark.django_db


def draft(official):
    process, _theme, _quote = dialogue_with_quote()
    report = dialogue.report_for(process)
    dialogue.add_block(
        by=official, report=report, data=BlockData(BlockKind.NEXT_STEPS, body="Vi återkommer.")
    )
    return process, report


def test_the_start_page_lists_open_votes_and_drafts(client, make_round, official, elected):
    from delaktig.accounts.tests.factories import UserFactory

    voting = make_round("vote", name="Parkomgången")
    box, _proposals = box_with_proposals(voting, [10_000])
    for _ in range(6):
        Participation.objects.create(box=box, voter=UserFactory())
    process, _report = draft(official)
    client.force_login(elected)
    page = client.get(reverse("council:start")).content.decode()
    assert "Förtroendevalda" in page
    assert "Parkomgången" in page and ">6<" in page
    assert reverse("dialogue_manage:preview", args=[process.slug]) in page
    # the header leads there
    assert reverse("council:start") in client.get(reverse("home")).content.decode()


def test_few_voters_so_far_are_not_shown(client, make_round, elected):
    from delaktig.accounts.tests.factories import UserFactory

    voting = make_round("vote", name="Liten omgång")
    box, _proposals = box_with_proposals(voting, [10_000])
    Participation.objects.create(box=box, voter=UserFactory())
    client.force_login(elected)
    page = client.get(reverse("council:start")).content.decode()
    assert "färre än 5" in page


@pytest.mark.parametrize("who", ["resident", "moderator"])
def test_only_elected_members_and_officials_see_the_start_page(client, resident, who):
    from delaktig.accounts.tests.factories import UserFactory

    person = resident if who == "resident" else UserFactory(is_moderator=True)
    client.force_login(person)
    assert client.get(reverse("council:start")).status_code == 403


def test_elected_members_read_a_dialogue_draft_but_cannot_compose(client, official, elected):
    process, report = draft(official)
    process.officials.add(official)
    client.force_login(elected)
    preview = client.get(reverse("dialogue_manage:preview", args=[process.slug]))
    assert preview.status_code == 200
    assert "Vi återkommer." in preview.content.decode()
    compose = reverse("dialogue_manage:compose", args=[process.slug])
    assert f'href="{compose}"' not in preview.content.decode()
    for name in ("dialogue_manage:compose", "dialogue_manage:publish", "dialogue_manage:block_add"):
        assert client.get(reverse(name, args=[process.slug])).status_code == 403, name
    assert client.post(reverse("dialogue_manage:publish", args=[process.slug])).status_code == 403
    assert not report.versions.exists()


def test_a_reader_creates_no_empty_report(client, elected):
    process, _theme, _quote = dialogue_with_quote()
    client.force_login(elected)
    assert client.get(reverse("dialogue_manage:preview", args=[process.slug])).status_code == 404
    assert not Report.objects.filter(process=process).exists()


def test_residents_and_other_officials_cannot_read_drafts(client, official, resident):
    from delaktig.accounts.tests.factories import UserFactory

    process, _report = draft(official)
    process.officials.add(official)
    for person in (resident, UserFactory(is_official=True)):
        client.force_login(person)
        assert (
            client.get(reverse("dialogue_manage:preview", args=[process.slug])).status_code == 403
        )


def test_an_elected_member_set_in_admin(admin_client):
    person = elected_member()
    page = admin_client.get(reverse("admin:accounts_user_change", args=[person.pk]))
    assert page.status_code == 200 and 'name="is_elected_member"' in page.content.decode()
