"""Atom feeds of public events, and the person's data: export, deletion, retention."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from delaktig.following import personal_data, services
from delaktig.following.models import Event, Follow

from .helpers import draft_round, follow_by_email, proposal_factory, round_factory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _entries(response):
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own feed)
    return [e.find(f"{ATOM}title").text for e in root.iter(f"{ATOM}entry")]


class TestFeeds:
    def test_the_round_feed_has_every_public_event_of_the_round(self, client):
        budget_round = round_factory(slug="nassjo")
        shown = proposal_factory(budget_round=budget_round, title="Lekplats")
        hidden = proposal_factory(budget_round=budget_round, title="Dolt förslag", status="hidden")
        services.record(budget_round, "result.published", title="Nässjö", process=budget_round)
        services.record(shown, "proposal.feasible", title="Lekplats", process=budget_round)
        services.record(hidden, "proposal.published", title="Dolt förslag", process=budget_round)
        services.record(round_factory(), "result.published", title="Någon annan")
        titles = _entries(client.get(reverse("following:round_feed", kwargs={"slug": "nassjo"})))
        assert titles == ["Bedömt: genomförbart: Lekplats", "Resultatet är publicerat: Nässjö"]

    def test_the_feed_of_one_proposal(self, client):
        budget_round = round_factory()
        proposal = proposal_factory(budget_round=budget_round, title="Bänkar")
        services.record(proposal, "proposal.feasible", title="Bänkar", process=budget_round)
        services.record(budget_round, "result.published", title="Resultat", process=budget_round)
        url = reverse("following:feed", kwargs={"key": "proposal", "pk": proposal.pk})
        assert _entries(client.get(url)) == ["Bedömt: genomförbart: Bänkar"]

    def test_no_feed_of_what_is_not_public(self, client):
        draft = draft_round(slug="utkast")
        assert (
            client.get(reverse("following:round_feed", kwargs={"slug": "utkast"})).status_code
            == 404
        )
        url = reverse("following:feed", kwargs={"key": "process", "pk": draft.pk})
        assert client.get(url).status_code == 404
        hidden = proposal_factory(status="hidden")
        url = reverse("following:feed", kwargs={"key": "proposal", "pk": hidden.pk})
        assert client.get(url).status_code == 404
        assert (
            client.get(reverse("following:feed", kwargs={"key": "x", "pk": 1})).status_code == 404
        )
        assert (
            client.get(reverse("following:round_feed", kwargs={"slug": "finns-inte"})).status_code
            == 404
        )

    def test_the_round_page_names_its_feed(self, client):
        budget_round = round_factory(slug="sater")
        page = client.get(budget_round.get_absolute_url())
        assert 'type="application/atom+xml" href="/omgangar/sater/flode/"' in page.text


class TestPersonalData:
    def test_the_export_lists_follows_by_account_and_by_its_address(self, resident):
        budget_round = round_factory(name="Medborgarbudget Säter")
        services.follow(by=resident, target=budget_round)
        follow_by_email(resident.email, proposal_factory(title="Bänkar"))
        follow_by_email("someone-else@example.se", budget_round)
        exported = personal_data.export_user(user=resident)["follows"]
        assert sorted((row["title"], row["by"]) for row in exported) == [
            ("Bänkar", "e-mail"),
            ("Medborgarbudget Säter", "account"),
        ]

    def test_deleting_the_account_deletes_its_follows(self, resident, other_resident):
        budget_round = round_factory()
        services.follow(by=resident, target=budget_round)
        services.follow(by=other_resident, target=budget_round)
        follow_by_email(resident.email, budget_round)
        event = services.record(budget_round, "result.published", title="x", told=resident)
        counts = personal_data.forget_user(user=resident)
        assert counts["follows"] == 2
        assert list(Follow.objects.values_list("user", flat=True)) == [other_resident.pk]
        event.refresh_from_db()
        assert event.told_user is None

    def test_the_purge_deletes_email_follows_once_the_round_has_been_quiet(self, resident):
        budget_round = round_factory()
        follow_by_email("a@example.se", budget_round)
        follow_by_email("b@example.se", proposal_factory(budget_round=budget_round))
        services.follow(by=resident, target=budget_round)
        services.record(budget_round, "result.published", title="x", process=budget_round)
        cutoff = timezone.now() - timedelta(days=90)
        # Something happened within the year: the follow-up goes on, the addresses stay.
        assert personal_data.purge(process=budget_round, cutoff=cutoff) == {"follows_by_email": 0}
        Event.objects.update(happened_at=timezone.now() - timedelta(days=500))
        assert personal_data.purge(process=budget_round, cutoff=cutoff, dry_run=True) == {
            "follows_by_email": 2
        }
        assert Follow.objects.count() == 3
        assert personal_data.purge(process=budget_round, cutoff=cutoff) == {"follows_by_email": 2}
        assert list(Follow.objects.values_list("user", flat=True)) == [resident.pk]
