"""Journey 7, an open forum (issue 14): a resident replies to a post in a dialogue's thread,
another resident reports the reply, a moderator hides it with a public reason from the report
queue, and the thread shows the reason instead of the text. Each page is checked with axe at
1280 and 320 px."""

import pytest
from playwright.sync_api import expect

from e2e.conftest import MOBILE
from e2e.journeys import (
    assert_accessible,
    assert_no_errors,
    assert_no_horizontal_scroll,
    assert_one_h1,
    make_moderator,
    make_resident,
    save_screenshot,
)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

QUESTION = "Vad skulle göra att du litar mer på kommunens beslut?"
FIRST = "Att man får veta vad som händer efter ett beslut."
REPLY = "Håller med! Ring mig på 070-123 45 67 så berättar jag mer."
REASON = "Inlägget innehöll ett telefonnummer och personangrepp. Det bryter mot forumets regler."


@pytest.fixture
def thread(db):
    from delaktig.forums.tests.factories import PostFactory, ThreadFactory

    thread = ThreadFactory(title=QUESTION, forum__process__name="Utmaningen")
    PostFactory(thread=thread, body=FIRST, author=make_resident(full_name="Sara Lind"))
    return thread


def check(page, at_320=False):
    assert_accessible(page)
    if at_320:
        assert_no_horizontal_scroll(page)


def test_a_reply_is_reported_and_hidden_with_a_public_reason(
    page, new_page, login, goto, console_errors, thread
):
    from delaktig.forums.models import Post

    slug = thread.forum.process.slug
    thread_path = f"/omgangar/{slug}/forum/{thread.pk}/"
    writer = make_resident(full_name="Anna Andersson")
    reporter = make_resident(full_name="Bertil Berg", email="bertil@example.se")
    moderator = make_moderator()

    # A resident reads the thread and replies to the first post, on a phone.
    phone = new_page("writer-320", viewport=MOBILE)
    login(phone, writer)
    goto(phone, f"/omgangar/{slug}/forum/")
    assert "Forum" in assert_one_h1(phone)
    check(phone, at_320=True)
    phone.get_by_role("link", name=QUESTION).click()
    assert assert_one_h1(phone) == QUESTION
    check(phone, at_320=True)
    phone.get_by_role("link", name="Svara", exact=False).first.click()
    assert assert_one_h1(phone) == "Svara på ett inlägg"
    check(phone, at_320=True)
    phone.get_by_role("button", name="Skicka svaret").click()  # empty: a clear message
    expect(phone.locator(".error-summary")).to_contain_text("Skriv ditt inlägg.")
    check(phone, at_320=True)
    phone.get_by_label("Ditt inlägg").fill(REPLY)
    phone.get_by_role("button", name="Skicka svaret").click()
    expect(phone.locator(".messages")).to_contain_text("Ditt inlägg är publicerat.")
    replies = phone.locator(".forum-replies")
    expect(replies).to_contain_text("Håller med!")
    expect(replies).to_contain_text("[telefonnumret visas inte]")
    expect(phone.locator("main")).not_to_contain_text("070-123")
    check(phone, at_320=True)
    save_screenshot(phone, "forum-reply-320")
    reply = Post.objects.get(parent__isnull=False)

    # Another resident reports the reply.
    login(page, reporter)
    goto(page, thread_path)
    check(page)
    page.locator(f"#inlagg-{reply.pk}").get_by_role("link", name="Anmäl").click()
    assert assert_one_h1(page) == "Anmäl ett inlägg"
    check(page)
    page.get_by_label("Vad är fel?").fill("Telefonnummer och påhopp.")
    page.get_by_role("button", name="Skicka anmälan").click()
    expect(page.locator(".messages")).to_contain_text("En moderator kommer att titta")

    # A moderator hides it from the report queue, with a public reason, after the check page.
    staff = new_page("moderator")
    login(staff, moderator)
    goto(staff, f"/hantera/omgangar/{slug}/forslag/moderering/")
    assert assert_one_h1(staff) == "Moderering"
    expect(staff.locator("main")).to_contain_text("Foruminlägg")
    expect(staff.locator("main")).to_contain_text(QUESTION)
    check(staff)
    staff.get_by_label("Offentlig anledning till att innehållet döljs").fill(REASON)
    staff.get_by_role("button", name="Dölj med den här anledningen").click()
    assert assert_one_h1(staff) == "Dölja innehållet?"
    check(staff)
    staff.get_by_role("button", name="Ja, dölj det").click()
    expect(staff.locator(".messages")).to_contain_text("dolt")
    expect(staff.locator("main")).to_contain_text("Det finns inget anmält innehåll")

    # The thread shows the reason in the reply's place, at both widths.
    for viewer, narrow in ((page, False), (phone, True)):
        goto(viewer, thread_path)
        hidden = viewer.locator(f"#inlagg-{reply.pk}")
        expect(hidden).to_contain_text("En moderator har dolt inlägget")
        expect(hidden).to_contain_text(REASON)
        expect(viewer.locator("main")).not_to_contain_text("Håller med!")
        check(viewer, at_320=narrow)
    save_screenshot(phone, "forum-hidden-320")
    reply.refresh_from_db()
    assert reply.is_hidden and reply.hidden_reason == REASON
    for p in (page, phone, staff):
        assert_no_errors(console_errors(p))


@pytest.fixture
def sweep(page, mobile_page, live_server, console_errors):
    from e2e.test_sweep import Sweep

    return Sweep(live_server, console_errors, {1280: page, 320: mobile_page})


def test_forum_pages_for_officials_and_moderators(sweep, thread):
    """The pages the journey does not reach, at both widths: the officials' forum pages, the
    close and approve check pages, the queue of waiting posts, a closed thread, and an
    official's view of the thread with its answer form and pin buttons."""
    from delaktig.accounts.tests.factories import UserFactory
    from delaktig.forums.models import PostStatus
    from delaktig.forums.tests.factories import PostFactory, ThreadFactory
    from delaktig.proposals.models import Report

    process = thread.forum.process
    slug = process.slug
    manage = f"/hantera/omgangar/{slug}/forum"
    waiting = PostFactory(thread=thread, status=PostStatus.PENDING, body="Väntar på granskning.")
    reported = PostFactory(thread=thread, body="Ett anmält inlägg.")
    Report.objects.create(
        target=reported, process=process, reporter=UserFactory(), reason="Reklam."
    )
    closed = ThreadFactory(
        forum=thread.forum, status="closed", summary="Tack för alla svar.", title="En stängd tråd"
    )
    official = UserFactory(full_name="Olga Officer", is_official=True, is_moderator=True)
    process.officials.add(official)
    sweep.sign_in(official)

    sweep.visit(f"{manage}/", shows="main table")
    sweep.visit(f"{manage}/ny-trad/", shows="main form")
    sweep.visit(f"{manage}/installningar/", shows="main fieldset")
    sweep.visit(f"{manage}/{thread.pk}/stang/", shows="main textarea")
    sweep.visit(f"{manage}/granska/", shows='main form[action$="/dolj/"]')
    sweep.visit(f"{manage}/granska/{waiting.pk}/visa/", label="check before approving")
    sweep.visit(f"/hantera/omgangar/{slug}/forslag/moderering/", shows="main blockquote")
    sweep.visit(f"/omgangar/{slug}/forum/{thread.pk}/", shows="main .link-button")
    sweep.visit(f"/omgangar/{slug}/forum/{closed.pk}/", shows="main .notification-banner")
    sweep.assert_clean()
