"""The writes of content pages, each audited: a new version (every save), publishing the
newest version (after a confirmation page), and taking a page off the site."""

import difflib
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from delaktig.audit.services import record
from delaktig.core.errors import Conflict, InvalidInput
from delaktig.core.permissions import require

from .models import Page, PageVersion

# The pages' own addresses (urls.py): a page's slug must not take them.
RESERVED_SLUGS = {"hantera", "ny"}


@dataclass(frozen=True)
class PageText:
    title_sv: str
    body_sv: str
    title_en: str = ""
    body_en: str = ""
    summary_sv: str = ""
    summary_en: str = ""
    note: str = ""

    def cleaned(self) -> "PageText":
        data = {k: str(v or "").replace("\r\n", "\n").strip() for k, v in self.__dict__.items()}
        if not data["title_sv"]:
            raise InvalidInput(_("Write a title in Swedish."), field="title_sv")
        if not data["body_sv"]:
            raise InvalidInput(_("Write the text in Swedish."), field="body_sv")
        if data["body_en"] and not data["title_en"]:
            raise InvalidInput(_("The English text needs an English title too."), field="title_en")
        return PageText(**data)


def create_page(*, by, slug: str, text: PageText, in_footer: bool = True) -> Page:
    require("pages.edit_pages", by)
    slug = slugify(slug)[:80]
    if not slug:
        raise InvalidInput(_("Write the page's address with letters and digits."), field="slug")
    if slug in RESERVED_SLUGS:
        raise InvalidInput(_("That address is taken. Choose another."), field="slug")
    text = text.cleaned()
    try:
        with transaction.atomic():
            page = Page.objects.create(slug=slug, in_footer=in_footer)
            _new_version(by=by, page=page, text=text)
    except IntegrityError as error:
        raise InvalidInput(_("That address is taken. Choose another."), field="slug") from error
    return page


def _new_version(*, by, page: Page, text: PageText) -> PageVersion:
    number = (page.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = PageVersion.objects.create(page=page, number=number, created_by=by, **text.__dict__)
    page.latest = version
    page.save(update_fields=["latest", "updated_at"])
    record(by, "pages.version_saved", page, number=number, note=text.note)
    return version


def save_version(*, by, page: Page, text: PageText, based_on: int | None = None) -> PageVersion:
    """A new version (a draft until published). `based_on` is the version number the editor
    started from: if someone saved in between, nothing is saved and the editor is told."""
    require("pages.edit_pages", by)
    text = text.cleaned()
    with transaction.atomic():
        page = Page.objects.select_for_update(of=("self",)).select_related("latest").get(pk=page.pk)
        if based_on is not None and page.latest and page.latest.number != based_on:
            raise Conflict(
                _(
                    "Someone saved the page while you were writing (version %(number)d). Open "
                    "the page again and make your changes there."
                )
                % {"number": page.latest.number}
            )
        latest = page.latest
        if latest and all(getattr(latest, k) == v for k, v in text.__dict__.items() if k != "note"):
            raise InvalidInput(_("Nothing has changed since the last version."))
        return _new_version(by=by, page=page, text=text)


def publish(*, by, page: Page, number: int) -> Page:
    """Publish version `number` (the newest, as the confirmation page showed it)."""
    require("pages.edit_pages", by)
    with transaction.atomic():
        page = Page.objects.select_for_update(of=("self",)).select_related("latest").get(pk=page.pk)
        if page.latest is None or page.latest.number != number:
            raise Conflict(_("The page has changed since you looked. Check it again."))
        if page.published_id == page.latest_id:
            raise Conflict(_("This version is already published."))
        page.published = page.latest
        page.published_at = timezone.now()
        page.save(update_fields=["published", "published_at", "updated_at"])
        record(by, "pages.published", page, number=number)
    return page


def unpublish(*, by, page: Page) -> Page:
    require("pages.edit_pages", by)
    with transaction.atomic():
        page = Page.objects.select_for_update().get(pk=page.pk)
        if page.published_id is None:
            raise Conflict(_("The page is not published."))
        page.published = None
        page.published_at = None
        page.save(update_fields=["published", "published_at", "updated_at"])
        record(by, "pages.unpublished", page)
    return page


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "added", "removed"
    text: str


FIELDS = ("title_sv", "summary_sv", "body_sv", "title_en", "summary_en", "body_en")


def difference(older: PageVersion | None, newer: PageVersion) -> list[tuple[str, list[DiffLine]]]:
    """Per field that changed, its lines marked added or removed (difflib, line by line)."""
    changed = []
    for field in FIELDS:
        before = getattr(older, field, "") if older else ""
        after = getattr(newer, field)
        if before == after:
            continue
        lines = []
        for line in difflib.ndiff(before.splitlines(), after.splitlines()):
            code, text = line[:2], line[2:]
            if code == "+ ":
                lines.append(DiffLine("added", text))
            elif code == "- ":
                lines.append(DiffLine("removed", text))
            elif code == "  ":
                lines.append(DiffLine("same", text))
        changed.append((field, lines))
    return changed
