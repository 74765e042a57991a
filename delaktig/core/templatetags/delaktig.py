from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from delaktig.core.money import format_kronor, format_percent

register = template.Library()


@register.filter
def kronor(amount):
    return format_kronor(amount)


@register.simple_tag
def percent(part, whole):
    return format_percent(part, whole)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def table_region():
    """Attributes that let keyboard users scroll a wide table (WCAG 2.1.1) and name the region."""
    label = escape(gettext("Table: scroll sideways to see every column"))
    return mark_safe(f'tabindex="0" role="region" aria-label="{label}"')  # noqa: S308 - escaped


@register.simple_tag
def why_not(permission, user, obj=None):
    """`{% why_not "proposals.add_proposal" request.user round as reason %}`: the sentence that
    says why not, or "" when the person may (core.permissions)."""
    from delaktig.core.permissions import why_not as reason_for

    return reason_for(permission, user, obj) or ""
