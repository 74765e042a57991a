"""Factories for forums: a thread in a dialogue open for views, and posts stored directly (the
services are tested on their own)."""

import factory
from django.utils import timezone

from delaktig.processes.tests.factories import BudgetRoundFactory, set_phases

from ..models import Forum, Post, PostStatus, Thread


def open_dialogue(**kwargs):
    """A published dialogue whose open phase ("consult") runs now."""
    return set_phases(BudgetRoundFactory(kind="dialogue", total_budget=None, **kwargs), "consult")


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum

    process = factory.LazyFunction(open_dialogue)


class ThreadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thread

    forum = factory.SubFactory(ForumFactory)
    title = factory.Sequence(lambda n: f"Vad skulle få dig att stanna i kommunen? ({n})")
    question = "Berätta vad som är viktigt för dig."


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory("delaktig.accounts.tests.factories.UserFactory")
    body = factory.Sequence(lambda n: f"Ett inlägg nummer {n}.")
    status = PostStatus.VISIBLE
    shown_at = factory.LazyFunction(timezone.now)
