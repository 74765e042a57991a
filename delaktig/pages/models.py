"""The site's own pages (how the municipality works with citizen dialogue, the dialogue
handbook, how to take part, questions and answers), written by officials in Markdown in
Swedish and English.

Every save is a new `PageVersion` that never changes afterwards: who wrote what, when, and
why. A page shows the public the version an official published (`Page.published`); a later
version is a draft until it is published too. A page never published is not found (404).
"""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from delaktig.core.markdown import render_markdown
from delaktig.core.models import TimeStamped


class ImmutableVersionError(Exception):
    """A page version is history: it is never changed or deleted."""


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published__isnull=False)


class Page(TimeStamped):
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    # The newest version; the public sees `published`, which may be older (a draft waits).
    latest = models.ForeignKey(
        "PageVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published = models.ForeignKey(
        "PageVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    in_footer = models.BooleanField(_("listed on the page of pages"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self):
        return self.latest.title() if self.latest_id else self.slug

    @property
    def has_draft(self) -> bool:
        return self.latest_id is not None and self.latest_id != self.published_id


class PageVersion(models.Model):
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title_sv = models.CharField(_("title in Swedish"), max_length=150)
    title_en = models.CharField(_("title in English"), max_length=150, blank=True)
    summary_sv = models.CharField(_("summary in Swedish"), max_length=300, blank=True)
    summary_en = models.CharField(_("summary in English"), max_length=300, blank=True)
    body_sv = models.TextField(_("text in Swedish"), max_length=50_000)
    body_en = models.TextField(_("text in English"), max_length=50_000, blank=True)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["page", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="one_page_version_number")
        ]

    def __str__(self):
        return f"{self.title_sv} ({self.number})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableVersionError("A page version never changes; save a new one.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableVersionError("A page version is history and is never deleted.")

    def _in_language(self, field: str) -> str:
        """The text in the active language, Swedish when there is no English."""
        if translation.get_language() == "en":
            english = getattr(self, f"{field}_en")
            if english.strip():
                return english
        return getattr(self, f"{field}_sv")

    def title(self) -> str:
        return self._in_language("title")

    def summary(self) -> str:
        return self._in_language("summary")

    def body_html(self):
        return render_markdown(self._in_language("body"))

    def swedish_html(self):
        return render_markdown(self.body_sv)

    def english_html(self):
        return render_markdown(self.body_en)

    def language(self) -> str:
        """The language the page's text is in (lang attribute when it falls back)."""
        if translation.get_language() == "en" and self.body_en.strip():
            return "en"
        return "sv"
