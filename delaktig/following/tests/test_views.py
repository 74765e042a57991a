"""The button, the e-mail form and its links: who may, what is refused, never a 500."""

import re
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from delaktig.accounts.tests.factories import UserFactory
from delaktig.following import tokens
from delaktig.following.models import Follow

from .helpers import draft_round, follow_by_email, proposal_factory, round_factory

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget_round():
    return round_factory(name="Medborgarbudget Nässjö")


def _url(name, target, key="process"):
    return reverse(f"following:{name}", kwargs={"key": key, "pk": target.pk})


def _link(body: str) -> str:
    return re.search(r"http://\S+/folj/\S+/", body).group(0).split("testserver")[-1]


class TestButton:
    def test_a_signed_in_person_follows_and_the_page_says_so(self, client, resident, budget_round):
        client.force_login(resident)
        page = client.get(budget_round.get_absolute_url())
        assert "Följ via e-post" in page.text and ">Följ<" in page.text
        response = client.post(
            _url("follow", budget_round), {"next": budget_round.get_absolute_url()}, follow=True
        )
        assert response.status_code == 200
        assert Follow.objects.filter(user=resident, confirmed=True).count() == 1
        assert "Du följer Medborgarbudget Nässjö." in response.text
        assert "Sluta följa" in response.text

    def test_following_twice_is_one_follow(self, client, resident, budget_round):
        client.force_login(resident)
        client.post(_url("follow", budget_round))
        client.post(_url("follow", budget_round))
        assert Follow.objects.count() == 1

    def test_follow_and_unfollow_are_post_only(self, client, resident, budget_round):
        client.force_login(resident)
        assert client.get(_url("follow", budget_round)).status_code == 405
        assert client.get(_url("unfollow", budget_round)).status_code == 405
        assert not Follow.objects.exists()

    def test_a_post_without_the_csrf_token_is_refused(self, resident, budget_round):
        client = Client(enforce_csrf_checks=True)
        client.force_login(resident)
        assert client.post(_url("follow", budget_round)).status_code == 403
        assert not Follow.objects.exists()

    def test_someone_signed_out_is_sent_to_sign_in(self, client, budget_round):
        response = client.post(_url("follow", budget_round))
        assert response.status_code == 302 and "/konto/login/" in response.url
        assert not Follow.objects.exists()

    def test_unfollow_stops_only_ones_own_follow(
        self, client, resident, other_resident, budget_round
    ):
        client.force_login(other_resident)
        client.post(_url("follow", budget_round))
        client.force_login(resident)
        client.post(_url("unfollow", budget_round))
        assert Follow.objects.filter(user=other_resident).exists()
        client.force_login(other_resident)
        client.post(_url("unfollow", budget_round))
        assert not Follow.objects.exists()

    def test_a_draft_round_is_refused_with_a_sentence(self, client, resident):
        draft = draft_round()
        client.force_login(resident)
        response = client.post(_url("follow", draft))
        assert response.status_code == 403
        assert "inte offentligt" in response.text
        assert not Follow.objects.exists()

    def test_an_unknown_kind_or_object_is_404(self, client, resident, budget_round):
        client.force_login(resident)
        assert client.post(_url("follow", budget_round, key="nonsense")).status_code == 404
        missing = reverse("following:follow", kwargs={"key": "process", "pk": 999999})
        assert client.post(missing).status_code == 404

    def test_next_to_another_site_is_ignored(self, client, resident, budget_round):
        client.force_login(resident)
        response = client.post(_url("follow", budget_round), {"next": "https://evil.example/"})
        assert response.url == budget_round.get_absolute_url()

    def test_a_code_voter_gets_the_email_form_not_the_button(self, client, budget_round):
        voter = UserFactory(email="kod-7@inbjudan.invalid")
        client.force_login(voter)
        page = client.get(budget_round.get_absolute_url())
        assert _url("email", budget_round) in page.text
        assert f'action="{_url("follow", budget_round)}"' not in page.text

    def test_mine_lists_what_one_follows(self, client, resident, budget_round):
        proposal = proposal_factory(budget_round=budget_round, title="Bänkar vid sjön")
        client.force_login(resident)
        client.post(_url("follow", proposal, key="proposal"))
        page = client.get(reverse("following:mine"))
        assert "Bänkar vid sjön" in page.text
        assert client.get(reverse("following:mine")).status_code == 200
        client.logout()
        assert client.get(reverse("following:mine")).status_code == 302


class TestEmail:
    def test_asking_stores_nothing_and_sends_a_link(self, client, budget_round):
        response = client.post(_url("email", budget_round), {"email": "Eva@Example.se "})
        assert response.status_code == 302
        assert not Follow.objects.exists()  # nothing until the link is opened
        assert len(mail.outbox) == 1 and mail.outbox[0].to == ["eva@example.se"]
        assert "Medborgarbudget Nässjö" in mail.outbox[0].subject
        link = _link(mail.outbox[0].body)
        # Opening the link (GET) asks; mail programs that open links follow nothing.
        page = client.get(link)
        assert "Ja, följ" in page.text and not Follow.objects.exists()
        done = client.post(link)
        assert "Nu följer du det" in done.text
        follow = Follow.objects.get()
        assert follow.email == "eva@example.se" and follow.user is None and follow.confirmed
        # The same link again: nothing more, and it says so.
        again = client.post(link)
        assert again.status_code == 200 and "Du följer det redan" in again.text
        assert Follow.objects.count() == 1

    def test_a_bad_address_gets_a_sentence(self, client, budget_round):
        response = client.post(_url("email", budget_round), {"email": "inte en adress"})
        assert response.status_code == 400
        assert "Skriv en e-postadress" in response.text
        assert 'class="error-summary"' in response.text
        assert not mail.outbox

    def test_a_hidden_proposal_cannot_be_followed_by_email(self, client):
        proposal = proposal_factory(status="hidden")
        response = client.post(_url("email", proposal, key="proposal"), {"email": "a@example.se"})
        assert response.status_code == 403 and "inte offentligt" in response.text
        assert not mail.outbox

    def test_the_form_is_rate_limited(self, client, budget_round, still_clock):
        for n in range(10):
            client.post(_url("email", budget_round), {"email": f"p{n}@example.se"})
        response = client.post(_url("email", budget_round), {"email": "last@example.se"})
        assert response.status_code == 429
        assert "Vänta en stund" in response.text
        assert len(mail.outbox) == 10

    def test_one_address_gets_few_links_whoever_asks(self, budget_round, still_clock):
        for n in range(4):
            Client(REMOTE_ADDR=f"10.0.0.{n}").post(
                _url("email", budget_round), {"email": "target@example.se"}
            )
        assert len(mail.outbox) == 3

    def test_a_forged_link_gets_a_page_not_an_error(self, client, budget_round):
        token = tokens.confirm_token(email="a@example.se", key="process", pk=budget_round.pk)
        forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
        for method in (client.get, client.post):
            response = method(reverse("following:confirm", kwargs={"token": forged}))
            assert response.status_code == 400
            assert "Länken fungerar inte" in response.text
        made_up = signing.dumps({"e": "a@example.se", "k": "process", "i": budget_round.pk})
        response = client.post(reverse("following:confirm", kwargs={"token": made_up}))
        assert response.status_code == 400  # signed, but not for this purpose
        assert not Follow.objects.exists()

    def test_an_expired_link_gets_a_page_not_an_error(self, client, budget_round, time_machine):
        token = tokens.confirm_token(email="a@example.se", key="process", pk=budget_round.pk)
        time_machine.move_to(timezone.now() + timedelta(days=tokens.CONFIRM_DAYS + 1))
        response = client.post(reverse("following:confirm", kwargs={"token": token}))
        assert response.status_code == 400
        assert "för gammal" in response.text
        assert not Follow.objects.exists()

    def test_a_link_to_a_round_no_longer_public_follows_nothing(self, client, budget_round):
        token = tokens.confirm_token(email="a@example.se", key="process", pk=budget_round.pk)
        budget_round.status = "draft"
        budget_round.save()
        response = client.post(reverse("following:confirm", kwargs={"token": token}))
        assert response.status_code == 409 and "inte offentligt" in response.text
        assert not Follow.objects.exists()


class TestStop:
    def test_stop_one_from_the_link(self, client, budget_round):
        follow = follow_by_email("a@example.se", budget_round)
        link = reverse("following:stop", kwargs={"token": tokens.stop_one_token(follow)})
        page = client.get(link)
        assert "Medborgarbudget Nässjö" in page.text and Follow.objects.exists()
        done = client.post(link)
        assert "Ingen mer e-post" in done.text
        assert not Follow.objects.exists()
        again = client.post(link)  # used before
        assert again.status_code == 200 and "Du har redan slutat" in again.text
        assert "Du har redan slutat" in client.get(link).text

    def test_stop_all_of_one_address_only(self, client, budget_round):
        other = round_factory()
        follow_by_email("a@example.se", budget_round)
        follow_by_email("a@example.se", other)
        follow_by_email("b@example.se", other)
        link = reverse(
            "following:stop", kwargs={"token": tokens.stop_all_token(email="a@example.se")}
        )
        client.post(link)
        assert list(Follow.objects.values_list("email", flat=True)) == ["b@example.se"]

    def test_the_mail_programs_one_click_post_needs_no_csrf_token(self, resident, budget_round):
        Follow.objects.create(
            user=resident,
            target_type_id=_type(budget_round),
            target_id=budget_round.pk,
            confirmed=True,
        )
        client = Client(enforce_csrf_checks=True)
        link = reverse(
            "following:stop", kwargs={"token": tokens.stop_all_token(user_id=resident.pk)}
        )
        response = client.post(link, {"List-Unsubscribe": "One-Click"})
        assert response.status_code == 200
        assert not Follow.objects.exists()

    def test_forged_and_expired_stop_links_get_a_page(self, client, budget_round, time_machine):
        follow = follow_by_email("a@example.se", budget_round)
        token = tokens.stop_one_token(follow)
        forged = reverse("following:stop", kwargs={"token": token + "x"})
        assert client.post(forged).status_code == 400
        assert "Länken fungerar inte" in client.get(forged).text
        confirm_kind = tokens.confirm_token(email="a@example.se", key="process", pk=budget_round.pk)
        assert (
            client.post(reverse("following:stop", kwargs={"token": confirm_kind})).status_code
            == 400
        )
        time_machine.move_to(timezone.now() + timedelta(days=tokens.STOP_DAYS + 1))
        response = client.post(reverse("following:stop", kwargs={"token": token}))
        assert response.status_code == 400 and "för gammal" in response.text
        assert Follow.objects.exists()


def _type(obj):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj).pk


def test_the_box_of_a_kind_nobody_registered_shows_nothing(rf, resident):
    from django.template import Context, Template

    request = rf.get("/")
    request.user = resident
    html = Template("{% load following %}[{% follow_box thing %}][{% follow_feed_url thing %}]")
    assert "".join(html.render(Context({"thing": resident, "request": request})).split()) == "[][]"
