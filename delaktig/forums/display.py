"""Posts as HTML, built in Python for the thread page.

A thread page shows up to a few hundred posts (each top-level post with its replies); rendered
through a template include each, with its dates and links, the page cost some 300 ms on a
loaded server. Here every sentence is translated once per page, dates are formatted with the
month names once, and links are built from the thread's address: the same HTML, about ten times
faster (bench/forums.py). Everything a person wrote is escaped (`_e`), and the post's own text
goes through text.render_post (queries.shown_text).
"""

import html
from dataclasses import dataclass, field

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.dates import MONTHS
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import pgettext


@dataclass
class PostDisplay:
    """What a page of posts needs, resolved once."""

    thread_url: str
    manage_url: str
    may_reply: bool = False
    may_report: bool = False
    can_manage: bool = False
    pinned_id: int | None = None
    csrf: str = ""
    words: dict = field(default_factory=dict)
    months: dict = field(default_factory=dict)

    @classmethod
    def for_page(
        cls, request, round_slug, thread, *, may_reply=False, may_report=False, can_manage=False
    ):
        kwargs = {"slug": round_slug, "pk": thread.pk}
        return cls(
            thread_url=reverse("forums:thread", kwargs=kwargs),
            manage_url=(
                reverse("forums_manage:threads", kwargs={"slug": round_slug}) + f"{thread.pk}/"
            ),
            may_reply=may_reply and not thread.is_closed,
            may_report=may_report,
            can_manage=can_manage,
            pinned_id=thread.pinned_id,
            csrf=get_token(request) if can_manage else "",
            words={
                "hidden": _("Hidden post"),
                "hidden_reason": _("A moderator has hidden this post. The reason:"),
                "municipality": _("The municipality answers"),
                "former": _("A former user"),
                "pinned": _("Pinned by the municipality"),
                "reply": _("Reply"),
                "to_post": _("to the post of %(when)s"),
                "report": pgettext("verb", "Report"),
                "the_post": _("the post of %(when)s"),
                "pin": _("Pin as the answer"),
            },
            months={number: str(name) for number, name in MONTHS.items()},
        )

    def when(self, moment) -> tuple[str, str]:
        local = localtime(moment)
        text = f"{local.day} {self.months[local.month]} {local.year} {local:%H:%M}"
        return local.isoformat(), text

    def render(self, post, *, prefix="inlagg", actions=True, pinned=False) -> SafeString:
        """The post's <article>. Every value a person wrote is escaped here (`_e`), and the
        text is text.render_post's escaped HTML."""
        w = self.words
        anchor = f"{prefix}-{post.pk}"
        iso, when = self.when(post.created_at)
        time = f'<time datetime="{iso}">{when}</time>'
        classes = "forum-post forum-post--municipality" if post.by_municipality else "forum-post"
        if post.is_hidden:
            body = (
                f'<p id="{anchor}-vem" class="meta">{_e(w["hidden"])} · {time}</p>'
                f"<p><em>{_e(w['hidden_reason'])}</em></p>"
                f"<blockquote>{_paragraphs(post.hidden_reason)}</blockquote>"
            )
        else:
            name = post.author.get_full_name() if post.author_id else w["former"]
            label = (
                f'<strong class="tag tag--municipality">{_e(w["municipality"])}</strong> '
                if post.by_municipality
                else ""
            )
            extra = f" · {_e(w['pinned'])}" if pinned else ""
            body = (
                f'<p id="{anchor}-vem" class="meta">{label}{_e(name)} · {time}{extra}</p>'
                f'<div class="forum-post__text">{post.text.html}</div>'
                f"{self._actions(post, when) if actions else ''}"
            )
        return mark_safe(  # noqa: S308 - every part escaped above
            f'<article class="{classes}" id="{anchor}" aria-labelledby="{anchor}-vem">'
            f"{body}</article>"
        )

    def _actions(self, post, when) -> str:
        w = self.words
        items = []
        if self.may_reply and not post.parent_id:
            items.append(
                f'<li><a href="{self.thread_url}svara/{post.pk}/">{_e(w["reply"])}'
                f'<span class="visually-hidden"> {_e(w["to_post"] % {"when": when})}</span>'
                "</a></li>"
            )
        if self.may_report:
            items.append(
                f'<li><a href="{self.thread_url}inlagg/{post.pk}/anmal/">{_e(w["report"])}'
                f'<span class="visually-hidden"> {_e(w["the_post"] % {"when": when})}</span>'
                "</a></li>"
            )
        if self.can_manage and self.pinned_id != post.pk:
            items.append(
                f'<li><form method="post" action="{self.manage_url}fast/{post.pk}/" '
                'class="inline-form">'
                f'<input type="hidden" name="csrfmiddlewaretoken" value="{_e(self.csrf)}">'
                f'<button type="submit" class="link-button">{_e(w["pin"])}'
                f'<span class="visually-hidden"> {_e(w["the_post"] % {"when": when})}</span>'
                "</button></form></li>"
            )
        if not items:
            return ""
        return f'<ul class="forum-post__actions">{"".join(items)}</ul>'


def _e(value) -> str:
    """Escaped for HTML text and attributes (the standard library's, without Django's lazy
    wrapper: a page of a hundred posts calls it a thousand times)."""
    return html.escape(str(value), quote=True)


def _paragraphs(text: str) -> str:
    """A moderator's reason: escaped, line breaks kept."""
    return "<br>".join(_e(line) for line in (text or "").splitlines())
