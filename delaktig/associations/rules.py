"""Permissions on the association register (core.permissions: each declared once, with reasons)."""

import rules
from django.utils.translation import gettext_lazy as _

from delaktig.accounts.rules import is_official
from delaktig.core.permissions import declare, need

from .models import AssociationStatus


@rules.predicate
def is_listed(user, association):
    return getattr(association, "status", None) == AssociationStatus.LISTED


NEEDS_OFFICIAL = need(is_official, _("Only case officers can manage the association register."))

declare("associations.view_association", need(is_listed, _("The association is not listed.")))
declare("associations.manage_register", NEEDS_OFFICIAL)
