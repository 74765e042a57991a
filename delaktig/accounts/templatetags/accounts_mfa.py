from django import template

from delaktig.accounts.second_factor import has_totp

register = template.Library()


@register.inclusion_tag("accounts/_second_factor_offer.html", takes_context=True)
def second_factor_offer(context):
    """``{% second_factor_offer %}``: invites an official without an authenticator app to turn
    one on (/konto/2fa/). Administrators cannot get this far without one."""
    user = context["request"].user
    return {"show": user.is_authenticated and not has_totp(user)}
