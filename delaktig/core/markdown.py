"""Markdown written by officials (report texts, later content pages), rendered safely.

markdown-it-py (CommonMark) with raw HTML switched off turns the text into HTML; nh3 (the
Ammonia sanitiser) then keeps only an allow-list of tags and attributes, so that even a bug in
the Markdown step cannot put a script, a style or an event handler on a public page. Links get
rel="nofollow noopener" and only http(s) and mailto addresses survive.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
# No images: a report's pictures come with alt texts through their own blocks.
_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "code",
    "pre",
    "hr",
}
_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}


def render_markdown(text: str, *, shift_headings: bool = True) -> SafeString:
    """Safe HTML of `text`. Headings start at h2 (`#` is h2): the page has its own h1."""
    if shift_headings:
        text = "\n".join(
            "#" + line if line.startswith("#") and not line.startswith("######") else line
            for line in text.splitlines()
        )
    html = _MARKDOWN.render(text or "")
    clean = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 with an allow-list just above
