"""`{% load following %}`:

- `{% follow_box thing %}`: the follow button for a signed-in person ("Du följer …" and a
  button to stop, or a button to follow), or the e-mail form for anyone else (and for
  accounts no mail reaches, such as a voting code's). Works without JavaScript (plain POST).
  `{% follow_box thing email_only=True %}` always shows the e-mail form (a vote receipt).
- `{% follow_feed_url thing %}`: the address of the thing's Atom feed.
"""

from django import template
from django.urls import reverse

from delaktig.core.errors import DomainError

from .. import registry
from ..forms import EmailFollowForm
from ..rules import has_mailbox
from ..services import is_following

register = template.Library()


@register.inclusion_tag("following/_follow_box.html", takes_context=True)
def follow_box(context, thing, email_only=False, heading=True):
    request = context.get("request")
    user = getattr(request, "user", None)
    try:
        followable = registry.for_object(thing)
    except DomainError:  # a kind nobody registered: nothing to show rather than a broken page
        return {"public": False}
    public = followable.is_public(thing)
    signed_in = bool(user and user.is_authenticated)
    by_account = signed_in and has_mailbox(user) and not email_only
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "public": public,
        "key": followable.key,
        "pk": thing.pk,
        "title": followable.title_of(thing),
        "by_account": by_account,
        "signed_in": signed_in,
        "following": by_account and is_following(user, thing),
        "form": EmailFollowForm(auto_id=f"follow-{followable.key}-{thing.pk}-%s"),
        "next": request.get_full_path() if request else "",
        "feed_url": reverse("following:feed", kwargs={"key": followable.key, "pk": thing.pk}),
        "heading": heading,
    }


@register.simple_tag
def follow_feed_url(thing):
    try:
        followable = registry.for_object(thing)
    except DomainError:
        return ""
    return reverse("following:feed", kwargs={"key": followable.key, "pk": thing.pk})
