"""What the forum keeps about people: the data export, account deletion and the retention
purge (the privacy app's contract)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from .. import personal_data
from ..models import Post, PostStatus
from .factories import PostFactory

pytestmark = pytest.mark.django_db


def test_the_export_holds_the_persons_posts_hidden_ones_too(thread, resident):
    PostFactory(thread=thread, author=resident, body="Mitt inlägg")
    PostFactory(
        thread=thread,
        author=resident,
        body="Mitt dolda",
        status=PostStatus.HIDDEN,
        hidden_reason="Hot",
    )
    PostFactory(thread=thread, body="Någon annans")
    data = personal_data.export_user(user=resident)["forum_posts"]
    assert [p["text"] for p in data] == ["Mitt inlägg", "Mitt dolda"]
    assert {p["status"] for p in data} == {"visible", "hidden"}
    assert data[1]["reason_for_hiding"] == "Hot"
    assert data[0]["thread"]["title"] == thread.title
    assert data[0]["process"]["slug"] == thread.forum.process.slug
    assert "Någon annans" not in str(data)


def test_deleting_the_account_keeps_shown_posts_without_a_name(client, thread, resident):
    shown = PostFactory(thread=thread, author=resident, body="Kvar utan namn")
    hidden = PostFactory(
        thread=thread, author=resident, status=PostStatus.HIDDEN, hidden_reason="Kränkande"
    )
    waiting = PostFactory(thread=thread, author=resident, status=PostStatus.PENDING)
    counts = personal_data.forget_user(user=resident)  # as privacy.delete_account asks it
    resident.delete()
    assert counts["forum_posts"] == 2 and counts["forum_posts_unpublished"] == 1
    shown.refresh_from_db()
    hidden.refresh_from_db()
    assert shown.author is None and hidden.author is None
    assert hidden.is_hidden and hidden.hidden_reason == "Kränkande"  # still hidden
    assert not Post.objects.filter(pk=waiting.pk).exists()
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Kvar utan namn" in page and "En tidigare användare" in page
    assert hidden.body not in page


def test_the_purge_empties_authors_and_hidden_texts(thread, resident):
    old = PostFactory(thread=thread, author=resident)
    hidden = PostFactory(
        thread=thread, author=resident, status=PostStatus.HIDDEN, hidden_reason="Reklam"
    )
    process = thread.forum.process
    cutoff = timezone.now() + timedelta(seconds=1)
    assert personal_data.purge(process=process, cutoff=cutoff, dry_run=True) == {
        "forum_posts": 2,
        "forum_posts_hidden_text": 1,
    }
    old.refresh_from_db()
    assert old.author == resident  # a dry run changes nothing
    personal_data.purge(process=process, cutoff=cutoff)
    old.refresh_from_db()
    hidden.refresh_from_db()
    assert old.author is None and old.body
    assert hidden.body == "" and hidden.hidden_reason == "Reklam"


def test_the_purge_keeps_what_is_newer_than_the_cutoff(thread, resident):
    post = PostFactory(thread=thread, author=resident)
    personal_data.purge(process=thread.forum.process, cutoff=timezone.now() - timedelta(days=1))
    post.refresh_from_db()
    assert post.author == resident


def test_a_reporters_export_names_a_post_by_id_only(thread, resident, other_resident):
    from delaktig.proposals import personal_data as proposals
    from delaktig.proposals import services as reports

    post = PostFactory(thread=thread, author=other_resident, body="Någon annans text")
    reports.report_target(by=resident, target=post, reason="Fel")
    exported = proposals.export_user(user=resident)["reports"]
    assert exported[0]["content"] == {"kind": "post", "id": post.pk}
    assert exported[0]["proposal"] is None
    assert "Någon annans text" not in str(exported)
