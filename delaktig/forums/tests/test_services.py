"""The forum's rules, through its services: who may write when, depth, moderation, pinning,
closing, and what followers are told."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType

from delaktig.accounts.models import Unit
from delaktig.accounts.tests.factories import UserFactory
from delaktig.audit.models import AuditEvent
from delaktig.core.errors import Conflict, InvalidInput, NotAllowed
from delaktig.following.models import Event
from delaktig.processes.timeline import move_to
from delaktig.proposals import services as reports
from delaktig.proposals.models import Report, ReportResolution

from .. import services
from ..models import Moderation, Post, PostStatus, ThreadStatus
from .factories import PostFactory, ThreadFactory

pytestmark = pytest.mark.django_db


def events(thread):
    return list(
        Event.objects.filter(
            target_type=ContentType.objects.get_for_model(thread), target_id=thread.pk
        ).values_list("kind", flat=True)
    )


class TestWriting:
    def test_a_resident_posts_and_followers_are_told(self, thread, resident):
        post = services.add_post(by=resident, thread=thread, body="  Fler bussar på kvällen.  ")
        assert post.status == PostStatus.VISIBLE and post.body == "Fler bussar på kvällen."
        assert not post.by_municipality and post.shown_at is not None
        assert events(thread) == [services.EVENT_POST]
        event = Event.objects.get()
        assert event.process == thread.forum.process and event.path == thread.get_absolute_url()
        assert "bussar" not in event.summary  # a resident's words stay in this app
        assert AuditEvent.objects.filter(action="forum.post_added").exists()

    def test_a_reply_to_a_post(self, thread, resident, other_resident):
        first = services.add_post(by=resident, thread=thread, body="Ett")
        reply = services.add_post(by=other_resident, thread=thread, body="Två", parent=first)
        assert reply.parent == first

    def test_no_reply_to_a_reply(self, thread, resident, other_resident):
        first = PostFactory(thread=thread)
        reply = PostFactory(thread=thread, parent=first)
        with pytest.raises(InvalidInput, match=r"inte på ett svar|not to a reply"):
            services.add_post(by=resident, thread=thread, body="Djupt", parent=reply)
        assert Post.objects.count() == 2

    def test_no_reply_to_a_post_of_another_thread_or_a_hidden_one(self, thread, resident):
        other = PostFactory()
        hidden = PostFactory(thread=thread, status=PostStatus.HIDDEN, hidden_reason="Hot")
        for parent in (other, hidden):
            with pytest.raises(InvalidInput):
                services.add_post(by=resident, thread=thread, body="Svar", parent=parent)

    @pytest.mark.parametrize("body", ["", "   \n\t ", None])
    def test_empty_post(self, thread, resident, body):
        with pytest.raises(InvalidInput) as error:
            services.add_post(by=resident, thread=thread, body=body)
        assert error.value.field == "body"
        assert not Post.objects.exists() and not Event.objects.exists()

    def test_too_long(self, thread, resident):
        services.add_post(by=resident, thread=thread, body="x" * 2000)
        with pytest.raises(InvalidInput, match="2000"):
            services.add_post(by=resident, thread=thread, body="x" * 2001)
        assert Post.objects.count() == 1

    def test_nul_character_is_refused(self, thread, resident):
        with pytest.raises(InvalidInput):
            services.add_post(by=resident, thread=thread, body="a\x00b")

    def test_closed_thread_takes_no_posts(self, thread, resident):
        thread.status = ThreadStatus.CLOSED
        thread.save()
        with pytest.raises(NotAllowed, match=r"stängd|closed"):
            services.add_post(by=resident, thread=thread, body="Hej")
        assert not Post.objects.exists()

    def test_a_close_that_committed_since_is_respected(self, thread, resident):
        from ..models import Thread

        Thread.objects.filter(pk=thread.pk).update(status=ThreadStatus.CLOSED)
        # `thread` in memory still says open: the service asks the locked row again.
        with pytest.raises((Conflict, NotAllowed)):
            services.add_post(by=resident, thread=thread, body="Hej")
        assert not Post.objects.exists()

    @pytest.mark.parametrize("phase", ["inform", "analysis", "report", None])
    def test_only_while_the_dialogue_is_open(self, thread, resident, phase):
        move_to(thread.forum.process, phase)
        with pytest.raises(NotAllowed, match=r"öppen|open"):
            services.add_post(by=resident, thread=thread, body="Hej")

    def test_signed_in_only(self, thread):
        with pytest.raises(NotAllowed):
            services.add_post(by=AnonymousUser(), thread=thread, body="Hej")

    def test_a_code_voter_may_not_write(self, thread):
        voter = UserFactory(email="x@inbjudan.invalid")
        with pytest.raises(NotAllowed):
            services.add_post(by=voter, thread=thread, body="Hej")

    def test_the_process_eligibility_applies(self, thread, resident):
        process = thread.forum.process
        process.eligibility = "unit"
        process.unit = Unit.objects.create(name="Skolan")
        process.save()
        with pytest.raises(NotAllowed, match=r"får delta|may take part"):
            services.add_post(by=resident, thread=thread, body="Hej")
        resident.units.add(process.unit)
        assert services.add_post(by=resident, thread=thread, body="Hej").is_visible

    def test_unpublished_process(self, thread, resident):
        process = thread.forum.process
        process.status = "draft"
        process.save()
        with pytest.raises(NotAllowed):
            services.add_post(by=resident, thread=thread, body="Hej")


class TestMunicipality:
    def test_a_round_official_answers_as_the_municipality(self, thread, round_official):
        post = services.add_post(by=round_official, thread=thread, body="Vi ser över turerna.")
        assert post.by_municipality and post.status == PostStatus.VISIBLE
        assert events(thread) == [services.EVENT_ANSWER]
        assert Event.objects.get().summary == "Vi ser över turerna."

    def test_the_municipality_answers_after_the_open_phase_too(self, thread, round_official):
        move_to(thread.forum.process, "analysis")
        assert services.add_post(by=round_official, thread=thread, body="Svar").by_municipality

    def test_an_official_of_another_round_writes_as_a_resident(self, thread, official):
        other = ThreadFactory()
        other.forum.process.officials.add(official)
        thread.forum.process.officials.add(UserFactory(is_official=True))
        post = services.add_post(by=official, thread=thread, body="Som invånare")
        assert not post.by_municipality

    def test_answers_skip_premoderation(self, thread, round_official):
        services.set_moderation(
            by=round_official, process=thread.forum.process, moderation=Moderation.BEFORE
        )
        post = services.add_post(by=round_official, thread=thread, body="Svar")
        assert post.status == PostStatus.VISIBLE

    def test_start_thread(self, process, round_official, resident):
        thread = services.start_thread(by=round_official, process=process, title="Vad saknas?")
        assert thread.forum == process.forum and thread.created_by == round_official
        with pytest.raises(NotAllowed):
            services.start_thread(by=resident, process=process, title="Min fråga")
        with pytest.raises(InvalidInput):
            services.start_thread(by=round_official, process=process, title="Två\nrader")
        with pytest.raises(InvalidInput):
            services.start_thread(by=round_official, process=process, title=" ")

    def test_a_budget_round_has_no_forum(self, round_official, make_round):
        budget = make_round("propose")
        budget.officials.add(round_official)
        with pytest.raises(NotAllowed):
            services.start_thread(by=round_official, process=budget, title="Fråga")

    def test_pin_and_unpin(self, thread, round_official, resident):
        post = PostFactory(thread=thread, author=round_official, by_municipality=True)
        services.pin_post(by=round_official, post=post)
        thread.refresh_from_db()
        assert thread.pinned == post
        with pytest.raises(NotAllowed):
            services.pin_post(by=resident, post=post)
        services.unpin(by=round_official, thread=thread)
        thread.refresh_from_db()
        assert thread.pinned is None

    def test_only_a_shown_post_is_pinned(self, thread, round_official):
        post = PostFactory(thread=thread, status=PostStatus.PENDING)
        with pytest.raises(Conflict):
            services.pin_post(by=round_official, post=post)

    def test_close_with_a_summary(self, thread, round_official, resident):
        with pytest.raises(InvalidInput):
            services.close_thread(by=round_official, thread=thread, summary="  ")
        with pytest.raises(NotAllowed):
            services.close_thread(by=resident, thread=thread, summary="Sammanfattning")
        closed = services.close_thread(by=round_official, thread=thread, summary="Tack!")
        assert closed.is_closed and closed.summary == "Tack!" and closed.closed_by == round_official
        assert events(thread) == [services.EVENT_CLOSED]
        with pytest.raises(NotAllowed):
            services.close_thread(by=round_official, thread=closed, summary="Igen")
        with pytest.raises(NotAllowed):  # the municipality does not write in it either
            services.add_post(by=round_official, thread=closed, body="Ett till svar")


class TestModeration:
    def test_premoderation_holds_posts_until_approved(
        self, thread, round_official, resident, moderator
    ):
        services.set_moderation(
            by=round_official, process=thread.forum.process, moderation=Moderation.BEFORE
        )
        thread.forum.refresh_from_db()
        post = services.add_post(by=resident, thread=thread, body="Väntar")
        assert post.status == PostStatus.PENDING and post.shown_at is None
        assert events(thread) == []
        with pytest.raises(NotAllowed):
            services.approve_post(by=resident, post=post)
        services.approve_post(by=moderator, post=post)
        post.refresh_from_db()
        assert post.status == PostStatus.VISIBLE and post.shown_at is not None
        assert events(thread) == [services.EVENT_POST]
        with pytest.raises(Conflict):
            services.approve_post(by=moderator, post=post)

    def test_settings_only_by_round_officials(self, process, resident, moderator):
        for person in (resident, moderator):
            with pytest.raises(NotAllowed):
                services.set_moderation(by=person, process=process, moderation=Moderation.BEFORE)

    def test_unknown_moderation(self, process, round_official):
        with pytest.raises(InvalidInput):
            services.set_moderation(by=round_official, process=process, moderation="never")

    def test_report_and_hide_with_a_public_reason(
        self, thread, resident, other_resident, moderator, round_official
    ):
        post = PostFactory(thread=thread, author=resident)
        services.pin_post(by=round_official, post=post)
        report = reports.report_target(by=other_resident, target=post, reason="Personangrepp")
        assert report.process == thread.forum.process and report.target == post
        assert Report.objects.open().in_round(thread.forum.process).get() == report
        with pytest.raises(Conflict):  # once per person while open
            reports.report_target(by=other_resident, target=post, reason="Igen")
        with pytest.raises(NotAllowed):
            reports.hide_reported(by=resident, report=report, reason="Nej")
        reports.hide_reported(by=moderator, report=report, reason="Brott mot reglerna")
        post.refresh_from_db()
        thread.refresh_from_db()
        report.refresh_from_db()
        assert post.is_hidden and post.hidden_reason == "Brott mot reglerna"
        assert thread.pinned is None
        assert report.resolution == ReportResolution.HIDDEN and report.resolved_by == moderator
        with pytest.raises(NotAllowed):  # a hidden post is not reported again
            reports.report_target(by=resident, target=post, reason="Igen")
        event = AuditEvent.objects.get(action="forum.post_hidden")
        assert "Brott" not in str(event.data)

    def test_hide_needs_a_reason_and_happens_once(self, thread, moderator):
        post = PostFactory(thread=thread)
        with pytest.raises(InvalidInput):
            services.hide_post(by=moderator, obj=post, reason=" ")
        services.hide_post(by=moderator, obj=post, reason="Reklam")
        with pytest.raises(Conflict):
            services.hide_post(by=moderator, obj=post, reason="Reklam")

    def test_dismiss_a_report_on_a_post(self, thread, resident, moderator):
        post = PostFactory(thread=thread)
        report = reports.report_target(by=resident, target=post, reason="Fel")
        reports.dismiss_report(by=moderator, report=report)
        report.refresh_from_db()
        post.refresh_from_db()
        assert report.resolution == ReportResolution.DISMISSED and post.is_visible

    def test_reporting_needs_a_reason_and_a_sign_in(self, thread, resident):
        post = PostFactory(thread=thread)
        with pytest.raises(InvalidInput):
            reports.report_target(by=resident, target=post, reason="  ")
        with pytest.raises(NotAllowed):
            reports.report_target(by=AnonymousUser(), target=post, reason="Fel")
        assert not Report.objects.exists()
