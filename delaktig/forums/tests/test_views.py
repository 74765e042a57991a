"""The forum's pages: reading, writing, replying, reporting; officials' and moderators' pages;
refusals in Swedish, never a 500."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from delaktig.processes.timeline import move_to
from delaktig.proposals.models import Report

from .. import services
from ..models import Moderation, Post, PostStatus, ThreadStatus
from .factories import PostFactory, ThreadFactory

pytestmark = pytest.mark.django_db


def thread_url(thread, name="forums:thread", **extra):
    return reverse(name, kwargs={"slug": thread.forum.process.slug, "pk": thread.pk, **extra})


class TestReading:
    def test_the_list_and_the_tab(self, client, thread):
        PostFactory(thread=thread)
        url = reverse("forums:threads", kwargs={"slug": thread.forum.process.slug})
        page = client.get(url).content.decode()
        assert thread.title in page and "1 inlägg" in page
        assert 'aria-current="page"' in page and "Forum" in page

    def test_a_budget_round_has_no_forum(self, client, make_round):
        budget = make_round("propose")
        assert (
            client.get(reverse("forums:threads", kwargs={"slug": budget.slug})).status_code == 404
        )

    def test_thread_of_another_process_is_404(self, client, thread):
        other = ThreadFactory()
        url = reverse("forums:thread", kwargs={"slug": thread.forum.process.slug, "pk": other.pk})
        assert client.get(url).status_code == 404

    def test_draft_process_is_404(self, client, thread):
        process = thread.forum.process
        process.status = "draft"
        process.save()
        assert client.get(thread_url(thread)).status_code == 404

    def test_posts_replies_hidden_pending_and_masking(self, client, thread):
        top = PostFactory(thread=thread, body="Ring mig på 070-123 45 67 <script>x</script>")
        PostFactory(thread=thread, parent=top, body="Ett svar med https://example.org")
        PostFactory(
            thread=thread, status=PostStatus.HIDDEN, hidden_reason="Kränkande", body="Elakt"
        )
        PostFactory(thread=thread, status=PostStatus.PENDING, body="Väntar på granskning")
        page = client.get(thread_url(thread)).content.decode()
        assert "070-123" not in page and 'class="masked"' in page and "visas inte" in page
        assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script>x" not in page
        assert 'rel="nofollow ugc noopener"' in page
        assert "Kränkande" in page and "Elakt" not in page
        assert "Väntar på granskning" not in page
        assert "forum-replies" in page

    def test_the_municipality_and_the_pinned_answer(self, client, thread, round_official):
        answer = PostFactory(
            thread=thread, author=round_official, by_municipality=True, body="Svar 0281-750 00"
        )
        thread.pinned = answer
        thread.save()
        page = client.get(thread_url(thread)).content.decode()
        assert "Kommunen svarar" in page and "Utvalt svar" in page
        assert "0281-750 00" in page  # the municipality's own number is shown

    def test_pagination_and_constant_queries(self, client, thread, resident):
        client.force_login(resident)

        def queries():
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(thread_url(thread) + "?sida=2")
            assert response.status_code == 200
            return len(ctx)

        for _i in range(30):
            PostFactory(thread=thread, parent=PostFactory(thread=thread))
        small = queries()
        for _i in range(60):
            PostFactory(thread=thread, parent=PostFactory(thread=thread))
        assert queries() == small
        page = client.get(thread_url(thread) + "?sida=2").content.decode()
        assert "Sida 2 av 5" in page
        assert client.get(thread_url(thread) + "?sida=nej").status_code == 200
        assert client.get(thread_url(thread) + "?sida=999").status_code == 200

    def test_anonymous_is_told_to_sign_in(self, client, thread):
        page = client.get(thread_url(thread)).content.decode()
        assert "Logga in för att skriva i forumet." in page and "<textarea" not in page

    def test_closed_thread_shows_its_summary_and_no_form(self, client, thread, resident):
        thread.status = ThreadStatus.CLOSED
        thread.summary = "Tack för alla svar."
        thread.save()
        client.force_login(resident)
        page = client.get(thread_url(thread)).content.decode()
        assert "Tack för alla svar." in page and "Tråden är stängd" in page
        assert "<textarea" not in page and "Svara" not in page

    def test_follow_spot_is_there(self, client, thread):
        assert 'id="folj"' in client.get(thread_url(thread)).content.decode()


class TestWriting:
    def test_post_and_land_on_it(self, client, thread, resident):
        client.force_login(resident)
        response = client.post(thread_url(thread, "forums:post"), {"body": "Fler cykelvägar"})
        post = Post.objects.get()
        assert response.status_code == 302
        assert response.url.endswith(f"?sida=1#inlagg-{post.pk}")
        assert "Fler cykelvägar" in client.get(response.url).content.decode()

    @pytest.mark.parametrize(
        ("body", "message"),
        [("", "Skriv ditt inlägg."), ("   ", "Skriv ditt inlägg."), ("x" * 2001, "högst 2000")],
    )
    def test_bad_posts_get_a_swedish_message(self, client, thread, resident, body, message):
        client.force_login(resident)
        response = client.post(thread_url(thread, "forums:post"), {"body": body})
        assert response.status_code == 200
        page = response.content.decode()
        assert message in page and "error-summary" in page
        assert not Post.objects.exists()

    def test_too_fast(self, client, thread, resident, still_clock):
        client.force_login(resident)
        for i in range(4):
            assert (
                client.post(thread_url(thread, "forums:post"), {"body": f"Nr {i}"}).status_code
                == 302
            )
        response = client.post(thread_url(thread, "forums:post"), {"body": "Ett till inlägg"})
        assert response.status_code == 429
        page = response.content.decode()
        assert "Vänta" in page and "Ett till inlägg" in page  # the text is kept
        assert Post.objects.count() == 4

    def test_closed_thread_is_refused(self, client, thread, resident):
        thread.status = ThreadStatus.CLOSED
        thread.save()
        client.force_login(resident)
        response = client.post(thread_url(thread, "forums:post"), {"body": "Hej"})
        assert response.status_code == 403 and "Tråden är stängd" in response.content.decode()
        assert not Post.objects.exists()

    def test_dialogue_not_open_is_refused(self, client, thread, resident):
        move_to(thread.forum.process, "analysis")
        client.force_login(resident)
        response = client.post(thread_url(thread, "forums:post"), {"body": "Hej"})
        assert response.status_code == 403
        assert "medan dialogen är öppen" in response.content.decode()

    def test_anonymous_post_goes_to_sign_in(self, client, thread):
        response = client.post(thread_url(thread, "forums:post"), {"body": "Hej"})
        assert response.status_code == 302 and "login" in response.url
        assert not Post.objects.exists()

    def test_get_of_the_post_address_is_not_a_500(self, client, thread, resident):
        client.force_login(resident)
        assert client.get(thread_url(thread, "forums:post")).status_code == 405

    def test_premoderated_post_waits(self, client, thread, resident):
        thread.forum.moderation = Moderation.BEFORE
        thread.forum.save()
        client.force_login(resident)
        response = client.post(thread_url(thread, "forums:post"), {"body": "Väntande"}, follow=True)
        page = response.content.decode()
        assert "moderator" in page and "Väntande" not in page.split('id="inlagg"')[1]
        assert Post.objects.get().status == PostStatus.PENDING

    def test_official_answers_as_the_municipality(self, client, thread, round_official):
        client.force_login(round_official)
        page = client.get(thread_url(thread)).content.decode()
        assert "Svara som kommunen" in page
        client.post(thread_url(thread, "forums:post"), {"body": "Kommunens svar"})
        assert Post.objects.get().by_municipality


class TestReplying:
    def test_reply_page_and_reply(self, client, thread, resident):
        top = PostFactory(thread=thread, body="Första")
        client.force_login(resident)
        url = thread_url(thread, "forums:reply", post_pk=top.pk)
        assert "Första" in client.get(url).content.decode()
        response = client.post(url, {"body": "Håller med"})
        assert response.status_code == 302
        assert Post.objects.get(body="Håller med").parent == top

    def test_reply_to_a_reply_is_refused(self, client, thread, resident):
        reply = PostFactory(thread=thread, parent=PostFactory(thread=thread))
        client.force_login(resident)
        url = thread_url(thread, "forums:reply", post_pk=reply.pk)
        response = client.post(url, {"body": "Djupare"})
        assert response.status_code == 200
        assert "inte på ett svar" in response.content.decode()
        assert not Post.objects.filter(body="Djupare").exists()

    def test_reply_page_of_a_reply_is_no_500(self, client, thread, resident):
        """Attack: open the reply page of a reply (an address typed by hand) to get a server
        error. The page says, in Swedish, where to write instead."""
        reply = PostFactory(thread=thread, parent=PostFactory(thread=thread))
        client.force_login(resident)
        url = thread_url(thread, "forums:reply", post_pk=reply.pk)
        response = client.get(url)
        assert response.status_code == 200
        assert "inte på ett svar" in response.content.decode()

    def test_replies_have_no_reply_link(self, client, thread, resident):
        top = PostFactory(thread=thread)
        reply = PostFactory(thread=thread, parent=top)
        client.force_login(resident)
        page = client.get(thread_url(thread)).content.decode()
        assert thread_url(thread, "forums:reply", post_pk=top.pk) in page
        assert thread_url(thread, "forums:reply", post_pk=reply.pk) not in page

    def test_reply_to_a_hidden_post_is_404(self, client, thread, resident):
        hidden = PostFactory(thread=thread, status=PostStatus.HIDDEN, hidden_reason="Nej")
        client.force_login(resident)
        url = thread_url(thread, "forums:reply", post_pk=hidden.pk)
        assert client.get(url).status_code == 404


class TestReporting:
    def test_report_a_post(self, client, thread, resident):
        post = PostFactory(thread=thread)
        client.force_login(resident)
        url = thread_url(thread, "forums:report", post_pk=post.pk)
        assert client.get(url).status_code == 200
        assert client.post(url, {"reason": ""}).status_code == 200
        response = client.post(url, {"reason": "Personangrepp"})
        assert response.status_code == 302
        report = Report.objects.get()
        assert report.target == post and report.process == thread.forum.process
        again = client.post(url, {"reason": "Igen"})
        assert again.status_code == 200 and "redan anmält" in again.content.decode()

    def test_hidden_post_cannot_be_reported(self, client, thread, resident):
        post = PostFactory(thread=thread, status=PostStatus.HIDDEN, hidden_reason="Nej")
        client.force_login(resident)
        url = thread_url(thread, "forums:report", post_pk=post.pk)
        assert client.get(url).status_code == 403

    def test_the_queue_shows_and_hides_it_with_confirmation(
        self, client, thread, resident, moderator
    ):
        post = PostFactory(thread=thread, body="Elak text")
        report = Report.objects.create(
            target=post, process=thread.forum.process, reporter=resident, reason="Elakt"
        )
        client.force_login(moderator)
        slug = thread.forum.process.slug
        queue = client.get(reverse("proposals_manage:moderation", kwargs={"slug": slug}))
        page = queue.content.decode()
        assert "Foruminlägg" in page and "Elak text" in page and thread.title in page
        hide = reverse("proposals_manage:report_hide", kwargs={"slug": slug, "pk": report.pk})
        data = {f"report-{report.pk}-reason": "Kränkande språk"}
        check = client.post(hide, data)
        assert check.status_code == 200 and "Ja, dölj det" in check.content.decode()
        post.refresh_from_db()
        assert post.is_visible
        client.post(hide, {**data, "confirm": "yes"})
        post.refresh_from_db()
        assert post.is_hidden and post.hidden_reason == "Kränkande språk"
        assert "Kränkande språk" in client.get(thread_url(thread)).content.decode()

    def test_dismiss_confirmation_names_the_post(self, client, thread, resident, moderator):
        post = PostFactory(thread=thread)
        report = Report.objects.create(
            target=post, process=thread.forum.process, reporter=resident, reason="Fel"
        )
        client.force_login(moderator)
        url = reverse(
            "proposals_manage:report_dismiss",
            kwargs={"slug": thread.forum.process.slug, "pk": report.pk},
        )
        assert "Foruminlägg" in client.get(url).content.decode()
        client.post(url, {"confirm": "yes"})
        report.refresh_from_db()
        assert report.resolution == "dismissed"


class TestManaging:
    def manage(self, thread, name, **kwargs):
        return reverse(
            f"forums_manage:{name}", kwargs={"slug": thread.forum.process.slug, **kwargs}
        )

    def test_residents_and_moderators_cannot_manage(self, client, thread, resident, moderator):
        for person in (resident, moderator):
            client.force_login(person)
            assert client.get(self.manage(thread, "threads")).status_code == 403
            assert client.get(self.manage(thread, "close", pk=thread.pk)).status_code == 403

    def test_start_a_thread(self, client, process, round_official):
        client.force_login(round_official)
        url = reverse("forums_manage:thread_create", kwargs={"slug": process.slug})
        bad = client.post(url, {"title": "", "question": ""})
        assert bad.status_code == 400 and "Skriv frågan." in bad.content.decode()
        response = client.post(url, {"title": "Vad saknar du?", "question": ""})
        assert response.status_code == 302
        assert process.forum.threads.filter(title="Vad saknar du?").exists()

    def test_settings(self, client, thread, round_official):
        client.force_login(round_official)
        url = self.manage(thread, "settings")
        assert client.post(url, {"moderation": "x"}).status_code == 400
        client.post(url, {"moderation": Moderation.BEFORE})
        thread.forum.refresh_from_db()
        assert thread.forum.premoderated

    def test_close_with_summary_and_confirmation(self, client, thread, round_official):
        client.force_login(round_official)
        url = self.manage(thread, "close", pk=thread.pk)
        assert client.post(url, {"summary": ""}).status_code == 400
        check = client.post(url, {"summary": "Vi tar med oss detta."})
        assert check.status_code == 200 and "Ja, stäng tråden" in check.content.decode()
        thread.refresh_from_db()
        assert not thread.is_closed
        client.post(url, {"summary": "Vi tar med oss detta.", "confirm": "yes"})
        thread.refresh_from_db()
        assert thread.is_closed and thread.summary == "Vi tar med oss detta."
        again = client.get(url)
        assert again.status_code == 302

    def test_pin_from_the_thread_page(self, client, thread, round_official, resident):
        post = PostFactory(thread=thread)
        client.force_login(resident)
        assert (
            client.post(self.manage(thread, "pin", pk=thread.pk, post_pk=post.pk)).status_code
            == 403
        )
        client.force_login(round_official)
        client.post(self.manage(thread, "pin", pk=thread.pk, post_pk=post.pk))
        thread.refresh_from_db()
        assert thread.pinned == post
        client.post(self.manage(thread, "unpin", pk=thread.pk))
        thread.refresh_from_db()
        assert thread.pinned is None

    def test_premoderation_queue(self, client, thread, moderator, resident):
        waiting = PostFactory(thread=thread, status=PostStatus.PENDING, body="Släpp in mig")
        rejected = PostFactory(thread=thread, status=PostStatus.PENDING, body="Reklam")
        client.force_login(resident)
        assert client.get(self.manage(thread, "moderation")).status_code == 403
        client.force_login(moderator)
        page = client.get(self.manage(thread, "moderation")).content.decode()
        assert "Släpp in mig" in page and "Reklam" in page
        approve = self.manage(thread, "approve", pk=waiting.pk)
        assert "Ja, visa inlägget" in client.post(approve).content.decode()
        client.post(approve, {"confirm": "yes"})
        waiting.refresh_from_db()
        assert waiting.is_visible
        reject = self.manage(thread, "reject", pk=rejected.pk)
        assert client.post(reject, {f"post-{rejected.pk}-reason": ""}).status_code == 400
        client.post(
            reject, {f"post-{rejected.pk}-reason": "Reklam är inte tillåten", "confirm": "yes"}
        )
        rejected.refresh_from_db()
        assert rejected.is_hidden

    def test_worklist_and_setup_step(self, client, thread, moderator, round_official):
        from delaktig.processes.setup import steps
        from delaktig.processes.worklist import tasks_for

        PostFactory(thread=thread, status=PostStatus.PENDING)
        texts = [t.text for t in tasks_for(moderator, thread.forum.process)]
        assert "1 foruminlägg väntar på godkännande" in texts
        forum_steps = [s for s in steps(thread.forum.process) if s.title == "Forum"]
        assert forum_steps and forum_steps[0].status == "done"

    def test_thread_page_after_a_hide_shows_the_reason(self, client, thread, moderator):
        post = PostFactory(thread=thread)
        services.hide_post(by=moderator, obj=post, reason="Personuppgifter")
        page = client.get(thread_url(thread)).content.decode()
        assert "Personuppgifter" in page and post.body not in page
