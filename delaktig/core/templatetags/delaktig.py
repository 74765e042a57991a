from django import template

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
