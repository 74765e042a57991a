"""The daily digest: at most one message a day per person, only what they asked for, only
what is new, and a working way out in every message."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from delaktig.following import digest, services
from delaktig.following.models import Follow

from .helpers import follow_by_email, proposal_factory, round_factory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(time_machine):
    """Today at 07:00 local time; `clock.next_day()` moves to tomorrow at 07:00."""
    start = timezone.localtime().replace(hour=7, minute=0, second=0, microsecond=0)
    time_machine.move_to(start, tick=False)

    class Clock:
        now = start

        def later(self, **delta):
            self.now = self.now + timedelta(**delta)
            time_machine.move_to(self.now, tick=False)

        def next_day(self):
            self.later(days=1)

    return Clock()


def _event(target, kind="result.published", title="Resultatet", process=None):
    return services.record(
        target, kind, title=title, path="/x/", process=process if process else target
    )


def _run():
    mail.outbox.clear()
    return digest.send_digests()


def test_a_person_following_five_things_gets_one_message(clock, resident):
    budget_round = round_factory()
    proposals = [proposal_factory(budget_round=budget_round) for _ in range(4)]
    services.follow(by=resident, target=budget_round)
    for proposal in proposals:
        services.follow(by=resident, target=proposal)
    clock.later(hours=1)
    for proposal in proposals:
        _event(proposal, "proposal.feasible", proposal.title, process=budget_round)
    clock.later(hours=1)
    counts = _run()
    assert counts["sent"] == 1 and len(mail.outbox) == 1
    from delaktig.audit.models import AuditEvent

    logged = AuditEvent.objects.get(action="following.digests_sent")
    assert logged.actor is None and logged.data["sent"] == 1
    message = mail.outbox[0]
    assert message.to == [resident.email]
    for proposal in proposals:  # each event once, though followed twice (round and proposal)
        assert message.body.count(proposal.title) == 2  # the event, and the list of follows


def test_at_most_one_message_a_day_and_running_twice_sends_nothing_more(clock, resident):
    budget_round = round_factory()
    services.follow(by=resident, target=budget_round)
    clock.later(minutes=10)
    _event(budget_round)
    clock.later(minutes=10)
    assert _run()["sent"] == 1
    _event(budget_round, title="Något mer")
    clock.later(hours=2)
    second = _run()
    assert second["sent"] == 0 and second["already"] == 1 and not mail.outbox
    clock.next_day()
    assert _run()["sent"] == 1
    assert "Något mer" in mail.outbox[0].body
    assert ": Resultatet (" not in mail.outbox[0].body  # told yesterday


def test_a_new_follow_after_todays_message_waits_for_tomorrow(clock, resident):
    first, second = round_factory(), round_factory()
    services.follow(by=resident, target=first)
    clock.later(minutes=5)
    _event(first)
    clock.later(minutes=5)
    assert _run()["sent"] == 1
    services.follow(by=resident, target=second)
    clock.later(minutes=5)
    _event(second, title="Nytt i den andra")
    clock.later(minutes=5)
    assert _run()["sent"] == 0
    clock.next_day()
    assert _run()["sent"] == 1 and "Nytt i den andra" in mail.outbox[0].body


def test_nothing_new_sends_nothing(clock, resident):
    services.follow(by=resident, target=round_factory())
    clock.later(hours=1)
    assert _run() == {"sent": 0, "nothing": 1, "already": 0, "failed": 0, "settled": 0}
    assert not mail.outbox


def test_nobody_who_did_not_ask_is_written_to(clock, resident, other_resident):
    budget_round = round_factory()
    proposal_factory(budget_round=budget_round, author=other_resident)  # not through services
    # An e-mail follow that was asked for but never confirmed does not exist at all; one
    # written unconfirmed by some other path is still not written to.
    Follow.objects.create(
        email="unconfirmed@example.se",
        target_type_id=_type(budget_round),
        target_id=budget_round.pk,
        process=budget_round,
        confirmed=False,
    )
    services.ask_by_email(email="never-opened@example.se", target=budget_round)
    clock.later(minutes=5)
    _event(budget_round)
    clock.later(minutes=5)
    assert _run()["sent"] == 0 and not mail.outbox


def test_none_after_unsubscribing(clock, client, resident):
    budget_round = round_factory()
    follow_by_email("eva@example.se", budget_round)
    clock.later(minutes=5)
    _event(budget_round)
    clock.later(minutes=5)
    _run()
    message = mail.outbox[0]
    stop_all = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    response = client.post(stop_all.replace("http://127.0.0.1:8000", ""))
    assert response.status_code == 200
    assert not Follow.objects.exists()
    clock.next_day()
    _event(budget_round, title="Ännu mer")
    clock.later(minutes=5)
    assert _run()["sent"] == 0 and not mail.outbox


def test_process_followers_get_the_events_of_its_proposals_only_followers_of_one_get_that(
    clock, resident, other_resident
):
    budget_round = round_factory()
    watched, other = (
        proposal_factory(budget_round=budget_round),
        proposal_factory(budget_round=budget_round),
    )
    services.follow(by=resident, target=budget_round)
    services.follow(by=other_resident, target=watched)
    clock.later(minutes=5)
    _event(watched, "proposal.feasible", "Bevakat förslag", process=budget_round)
    _event(other, "proposal.feasible", "Annat förslag", process=budget_round)
    _event(round_factory(), title="Någon annan omgång")
    clock.later(minutes=5)
    _run()
    by_address = {m.to[0]: m.body for m in mail.outbox}
    assert "Bevakat förslag" in by_address[resident.email]
    assert "Annat förslag" in by_address[resident.email]
    assert "Någon annan omgång" not in by_address[resident.email]
    assert "Bevakat förslag" in by_address[other_resident.email]
    assert "Annat förslag" not in by_address[other_resident.email]


def test_events_only_since_the_last_message(clock, resident):
    budget_round = round_factory()
    clock.later(days=-3)
    services.follow(by=resident, target=budget_round)
    clock.later(days=1)
    _event(budget_round, title="Första")
    clock.later(days=1)
    _run()
    assert "Första" in mail.outbox[0].body
    clock.later(hours=1)
    _event(budget_round, title="Andra")
    clock.next_day()
    _run()
    assert "Andra" in mail.outbox[0].body and "Första" not in mail.outbox[0].body


def test_an_event_about_something_no_longer_public_is_left_out(clock, resident):
    budget_round = round_factory()
    proposal = proposal_factory(budget_round=budget_round, title="Snart dolt")
    services.follow(by=resident, target=budget_round)
    clock.later(minutes=5)
    _event(proposal, "proposal.published", "Snart dolt", process=budget_round)
    proposal.status = "hidden"
    proposal.save()
    clock.later(minutes=5)
    assert _run()["sent"] == 0


def test_someone_already_told_is_not_told_again(clock, resident):
    proposal = proposal_factory(author=resident)
    services.follow_automatically(user=resident, target=proposal)
    clock.later(minutes=5)
    services.record(
        proposal,
        "proposal.feasible",
        title=proposal.title,
        path="/",
        told=resident,
        process=proposal.budget_round,
    )
    clock.later(minutes=5)
    assert _run()["sent"] == 0


def test_the_message_has_text_html_and_a_way_out_of_each_follow(clock, resident):
    budget_round = round_factory(name="Medborgarbudget Säter")
    services.follow(by=resident, target=budget_round)
    clock.later(minutes=5)
    _event(budget_round, title="Resultatet är klart")
    clock.later(minutes=5)
    _run()
    message = mail.outbox[0]
    assert "Nytt om det du följer" in message.subject
    html = message.alternatives[0][0]
    assert message.alternatives[0][1] == "text/html"
    assert "Resultatet är klart" in html and "Medborgarbudget Säter" in html
    stop_one = reverse("following:stop", kwargs={"token": "X"}).split("X")[0]
    assert message.body.count(stop_one) == 2  # this follow, and everything
    assert "Resultatet är publicerat: Resultatet är klart" in message.body


def test_the_chunks_cover_everyone_once(clock, settings, monkeypatch):
    monkeypatch.setattr(digest, "CHUNK", 3)
    budget_round = round_factory()
    for n in range(7):
        follow_by_email(f"p{n}@example.se", budget_round)
    from delaktig.accounts.tests.factories import UserFactory

    for _n in range(5):
        services.follow(by=UserFactory(), target=budget_round)
    clock.later(minutes=5)
    _event(budget_round)
    clock.later(minutes=5)
    counts = _run()
    assert counts["sent"] == 12
    assert len({m.to[0] for m in mail.outbox}) == 12


def test_a_failing_mailbox_does_not_stop_the_others_and_is_tried_again(clock, monkeypatch):
    budget_round = round_factory()
    follow_by_email("a@example.se", budget_round)
    follow_by_email("b@example.se", budget_round)
    clock.later(minutes=5)
    _event(budget_round)
    clock.later(minutes=5)
    real = digest._message

    def failing(address, *args, **kwargs):
        if address == "a@example.se":
            raise OSError("mailbox full")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(digest, "_message", failing)
    counts = _run()
    assert counts["sent"] == 1 and counts["failed"] == 1
    monkeypatch.setattr(digest, "_message", real)
    counts = _run()
    assert counts["sent"] == 1 and mail.outbox[0].to == ["a@example.se"]


def test_a_second_run_while_one_runs_sends_nothing(clock, resident):
    from django.core.cache import cache

    budget_round = round_factory()
    services.follow(by=resident, target=budget_round)
    clock.later(minutes=5)
    _event(budget_round)
    clock.later(minutes=5)
    cache.add(digest.LOCK, "another run")
    assert _run()["running"] == 1 and not mail.outbox
    cache.delete(digest.LOCK)
    assert _run()["sent"] == 1


def test_the_command_and_the_task_send(clock, resident):
    from delaktig.following.tasks import send_daily_digests

    services.follow(by=resident, target=(budget_round := round_factory()))
    clock.later(minutes=5)
    _event(budget_round)
    clock.later(minutes=5)
    mail.outbox.clear()
    call_command("send_digests", stdout=(out := __import__("io").StringIO()))
    assert "Skickade 1 e-postmeddelanden" in out.getvalue()
    clock.next_day()
    _event(budget_round)
    clock.later(minutes=5)
    result = send_daily_digests.enqueue()
    assert result.return_value["sent"] == 1


def _type(obj):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj).pk
