"""A thread can be followed from its page while its dialogue is public, and its followers get
its news in the daily digest without any resident's words (following.registry, digest)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from delaktig.core.errors import NotAllowed
from delaktig.following import digest
from delaktig.following import services as following

from .. import services

pytestmark = pytest.mark.django_db


def test_a_follower_of_a_thread_gets_its_news_without_residents_words(
    thread, resident, other_resident, time_machine
):
    start = timezone.localtime().replace(hour=7, minute=0, second=0, microsecond=0)
    time_machine.move_to(start, tick=False)
    following.follow(by=resident, target=thread)
    time_machine.move_to(start + timedelta(hours=1), tick=False)
    services.add_post(by=other_resident, thread=thread, body="Hemligt förslag om bussar")
    time_machine.move_to(start + timedelta(hours=2), tick=False)
    mail.outbox.clear()
    assert digest.send_digests()["sent"] == 1
    (message,) = mail.outbox
    assert thread.title in message.body and thread.get_absolute_url() in message.body
    assert "bussar" not in message.body


def test_the_thread_page_offers_the_follow_button(client, thread, resident):
    client.force_login(resident)
    html = client.get(thread.get_absolute_url()).content.decode()
    assert reverse("following:follow", kwargs={"key": "thread", "pk": thread.pk}) in html


def test_a_thread_of_an_unpublished_dialogue_cannot_be_followed(thread, resident):
    process = thread.forum.process
    process.status = "draft"
    process.save(update_fields=["status"])
    with pytest.raises(NotAllowed):
        following.follow(by=resident, target=thread)
