"""Permissions on content pages (core.permissions: each declared once, with reasons)."""

import rules
from django.utils.translation import gettext_lazy as _

from delaktig.accounts.rules import is_official
from delaktig.core.permissions import declare, need


@rules.predicate
def is_published(user, page):
    return getattr(page, "published_id", None) is not None


declare("pages.view_page", need(is_published, _("The page is not published.")))
declare("pages.edit_pages", need(is_official, _("Only case officers can edit the site's pages.")))
