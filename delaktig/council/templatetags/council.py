from django import template

from delaktig.council.contents import number

register = template.Library()


@register.filter
def decimal(value):
    """An indicator's value as Swedish text: 12,5 (no trailing zeros)."""
    return number(value)
