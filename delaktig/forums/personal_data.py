"""What the forums app keeps about people, and how it forgets them (the privacy app's contract,
privacy/owners.py).

A post names its author. Shown posts are part of the dialogue's public record, as comments on
proposals are: when an account is deleted the person's posts stay without a name ("En tidigare
användare"); a hidden post stays hidden (its text is never shown again; its public reason
stays). Posts still waiting for a moderator are deleted with the account: nobody has read them,
and nobody will. The retention purge of a due process empties the author of its posts made
before the cut-off and deletes the text of its hidden posts (kept only for moderation). Reports
on posts are the proposals app's `Report` rows and are forgotten there.
"""

from datetime import datetime

from django.db import transaction

from delaktig.accounts.personal_data import when

from .models import Post, PostStatus

USER_FIELDS = ("forums.Post.author",)


def forget_users(*, users) -> dict[str, int]:
    with transaction.atomic():
        # A waiting post has no replies and no reports (both need a shown post).
        _total, per_model = Post.objects.filter(
            author__in=users, status=PostStatus.PENDING
        ).delete()
        deleted = per_model.get(Post._meta.label, 0)
        kept = Post.objects.filter(author__in=users).update(author=None)
    return {"forum_posts": kept, "forum_posts_unpublished": deleted}


def forget_user(*, user) -> dict[str, int]:
    return forget_users(users=[user])


def purge(*, process, cutoff: datetime, dry_run: bool = False) -> dict[str, int]:
    posts = Post.objects.in_process(process).filter(created_at__lte=cutoff)
    named = posts.filter(author__isnull=False)
    hidden = posts.filter(status=PostStatus.HIDDEN).exclude(body="")
    if dry_run:
        return {"forum_posts": named.count(), "forum_posts_hidden_text": hidden.count()}
    with transaction.atomic():
        return {
            "forum_posts": named.update(author=None),
            "forum_posts_hidden_text": hidden.update(body=""),
        }


def export_user(*, user) -> dict[str, list]:
    """The person's posts with their texts (a hidden one too: it is their own text), the thread
    and the process they belong to."""
    posts = (
        Post.objects.filter(author=user)
        .select_related("thread__forum__process")
        .order_by("created_at", "pk")
    )
    return {
        "forum_posts": [
            {
                "id": p.pk,
                "process": {
                    "id": p.thread.forum.process.pk,
                    "name": p.thread.forum.process.name,
                    "slug": p.thread.forum.process.slug,
                },
                "thread": {"id": p.thread_id, "title": p.thread.title},
                "reply_to": p.parent_id,
                "text": p.body,
                "as_the_municipality": p.by_municipality,
                "status": p.status,
                "reason_for_hiding": p.hidden_reason,
                "created": when(p.created_at),
            }
            for p in posts
        ]
    }
