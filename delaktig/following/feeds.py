"""Atom feeds of public events: one per round (every event of the round) and one per followed
thing (`following:feed` with the kind's key and the id, e.g. a project's page links to
`{% url 'following:feed' key='project' pk=project.pk %}`). Only public things: a feed of
something not public is a 404, and events about things no longer public are left out."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from delaktig.core.errors import DomainError

from . import registry
from .digest import _Targets
from .models import Event

ITEMS = 50


class _EventFeed(Feed):
    feed_type = Atom1Feed

    def title(self, obj):
        followable, target = obj
        return _("%(title)s – what happens") % {"title": followable.title_of(target)}

    def link(self, obj):
        followable, target = obj
        return followable.path_of(target)

    def subtitle(self, obj):
        return _("News of %(site)s: what happened, newest first.") % {"site": settings.SITE_NAME}

    def items(self, obj):
        followable, target = obj
        content_type = ContentType.objects.get_for_model(target)
        about = Q(target_type=content_type, target_id=target.pk)
        if followable.key == "process":
            about |= Q(process_id=target.pk)
        events = list(Event.objects.filter(about).order_by("-happened_at", "-id")[: ITEMS * 2])
        targets = _Targets()
        targets.load([(e.target_type_id, e.target_id) for e in events])
        return [e for e in events if targets.public(e.target_type_id, e.target_id)][:ITEMS]

    def item_title(self, item):
        label = registry.event_label(item.kind)
        return f"{label}: {item.title}" if label else item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.path or "/"

    def item_guid(self, item):
        return f"{settings.SITE_URL.rstrip('/')}/folj/handelse/{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.happened_at

    def item_updateddate(self, item):
        return item.happened_at


class TargetFeed(_EventFeed):
    def get_object(self, request, key, pk):
        try:
            followable = registry.by_key(key)
        except DomainError:
            raise Http404 from None
        target = followable.load(pk)
        if target is None or not followable.is_public(target):
            raise Http404
        return followable, target


class RoundFeed(_EventFeed):
    def get_object(self, request, slug):
        try:
            followable = registry.by_key("process")
        except DomainError:
            raise Http404 from None
        target = followable.model._default_manager.filter(slug=slug).first()
        if target is None or not followable.is_public(target):
            raise Http404
        return followable, target
