"""Reads of content pages."""

from django.http import Http404

from delaktig.core.permissions import why_not

from .models import Page, PageVersion


def published_page(user, slug: str) -> Page:
    """The published page, or 404 (a page never published, or taken off, is not found)."""
    page = Page.objects.select_related("published").filter(slug=slug).first()
    if page is None or why_not("pages.view_page", user, page):
        raise Http404
    return page


def listed_pages() -> list[Page]:
    """The published pages listed on /sidor/ (the footer links there, so no page of the site
    pays a query for its footer)."""
    return list(Page.objects.published().filter(in_footer=True).select_related("published"))


def all_pages():
    return Page.objects.select_related("latest", "published", "latest__created_by")


def version_of(page: Page, number: int) -> PageVersion:
    version = page.versions.select_related("created_by").filter(number=number).first()
    if version is None:
        raise Http404
    return version


def history(page: Page):
    return page.versions.select_related("created_by").order_by("-number")
