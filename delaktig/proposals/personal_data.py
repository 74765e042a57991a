"""What the proposals app keeps about people, and how it forgets them (the privacy app's contract).

`forget_user` and `purge` have the same signatures in every app that keeps personal data and
return counts by label; `delaktig.privacy.owners` calls them, in order. Proposals and comments
are public records of a round: they stay, without author. Supports go, and this app keeps each
proposal's `support_count` equal to its rows.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Count, F
from django.db.models.functions import Greatest
from django.utils import timezone

from delaktig.accounts.personal_data import when

from .models import Comment, Proposal, Report, Support
from .services import _drop_image


def round_ref(budget_round) -> dict:
    """A round as the export names it."""
    return {"id": budget_round.pk, "name": budget_round.name, "slug": budget_round.slug}


# The fields pointing at a person that `forget_user` empties (app_label.Model.field).
USER_FIELDS = (
    "proposals.Proposal.author",
    "proposals.Comment.author",
    "proposals.Support.user",
    "proposals.Report.reporter",
)

# A resolved report keeps its reporter for 12 months, for moderation (README).
RESOLVED_REPORT_DAYS = 365


def _remove_supports(supports) -> int:
    """Delete the supports and keep every proposal's support_count equal to its rows."""
    per_proposal = supports.order_by().values("proposal_id").annotate(n=Count("pk"))
    for row in per_proposal:
        Proposal.objects.filter(pk=row["proposal_id"]).update(
            support_count=Greatest(F("support_count") - row["n"], 0)
        )
    _total, per_model = supports.delete()
    return per_model.get(Support._meta.label, 0)


def _delete_images(proposals) -> int:
    """Delete the images of these proposals (files after commit). A photo may show the person,
    their home or their children, so it goes with the account; the proposal stays."""
    deleted = 0
    for proposal in proposals.exclude(image="").exclude(image__isnull=True).select_for_update():
        if _drop_image(proposal):
            proposal.save(update_fields=["image", "image_alt", "updated_at"])
            deleted += 1
    return deleted


def forget_users(*, users) -> dict[str, int]:
    """Before the accounts go (a list of users): delete the images of their proposals and their
    supports (counts lowered); keep their proposals and comments, and the reports they made,
    without them."""
    with transaction.atomic():
        authored = Proposal.objects.filter(author__in=users)
        return {
            "images": _delete_images(authored),
            "supports": _remove_supports(Support.objects.filter(user__in=users)),
            "proposals": authored.update(author=None, pseudonym=""),
            "comments": Comment.objects.filter(author__in=users).update(author=None),
            "reports": Report.objects.filter(reporter__in=users).update(reporter=None),
        }


def forget_user(*, user) -> dict[str, int]:
    """`forget_users` for one person (their account is being deleted)."""
    return forget_users(users=[user])


def purge(*, process, cutoff: datetime, dry_run: bool = False) -> dict[str, int]:
    """The retention purge of a round (`process`): empty the reporter of reports on its
    proposals and comments made before `cutoff`. Texts and supports stay (public records)."""
    reports = Report.objects.in_round(process).filter(
        created_at__lte=cutoff, reporter__isnull=False
    )
    if dry_run:
        return {"reports": reports.count()}
    return {"reports": reports.update(reporter=None)}


def purge_resolved_reports(*, dry_run: bool = False, now: datetime | None = None) -> int:
    """Empty the reporter of reports resolved more than 12 months ago, in any round."""
    cutoff = (now or timezone.now()) - timedelta(days=RESOLVED_REPORT_DAYS)
    reports = Report.objects.filter(resolved_at__lte=cutoff, reporter__isnull=False)
    return reports.count() if dry_run else reports.update(reporter=None)


def export_user(*, user) -> dict[str, list]:
    """The person's proposals and comments with their texts, what they supported, and the
    reports they made (for the right of access). A reported comment is named by its id only:
    it may be another person's text, and so is other content (a forum post). Who resolved a
    report (an official) is left out."""
    proposals = Proposal.objects.filter(author=user).select_related(
        "budget_round", "area", "category"
    )
    comments = Comment.objects.filter(author=user).select_related("proposal")
    supports = Support.objects.filter(user=user).select_related("proposal__budget_round")
    reports = Report.objects.filter(reporter=user).select_related(
        "proposal", "comment__proposal", "target_type"
    )
    return {
        "proposals": [
            {
                "id": p.pk,
                "round": round_ref(p.budget_round),
                "title": p.title,
                "description": p.description,
                "estimated_cost": p.estimated_cost,
                "area": p.area.name if p.area_id else None,
                "category": p.category.name if p.category_id else None,
                "image": p.image.name if p.image else None,
                "image_description": p.image_alt,
                "pseudonym": p.pseudonym,
                "status": p.status,
                "reason_for_hiding": p.hidden_reason,
                "supports": p.support_count,
                "created": when(p.created_at),
                "changed": when(p.updated_at),
            }
            for p in proposals.order_by("created_at", "pk")
        ],
        "comments": [
            {
                "id": c.pk,
                "proposal": {"id": c.proposal_id, "title": c.proposal.title},
                "text": c.body,
                "hidden": c.is_hidden,
                "reason_for_hiding": c.hidden_reason,
                "created": when(c.created_at),
            }
            for c in comments.order_by("created_at", "pk")
        ],
        "supports": [
            {
                "proposal": {"id": s.proposal_id, "title": s.proposal.title},
                "round": round_ref(s.proposal.budget_round),
                "created": when(s.created_at),
            }
            for s in supports.order_by("created_at", "pk")
        ],
        "reports": [
            {
                "id": r.pk,
                "proposal": (
                    {"id": r.target_proposal.pk, "title": r.target_proposal.title}
                    if r.target_proposal is not None
                    else None
                ),
                "comment_id": r.comment_id,
                # Other content (a forum post) by kind and id only: it may be another person's.
                "content": (
                    {"kind": r.target_type.model, "id": r.target_id} if r.target_type_id else None
                ),
                "what_is_wrong": r.reason,
                "created": when(r.created_at),
                "resolved": when(r.resolved_at),
                "resolution": r.resolution or None,
            }
            for r in reports.order_by("created_at", "pk")
        ],
    }
