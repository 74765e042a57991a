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

from .models import Comment, Proposal, Report, Support
from .services import _drop_image

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


def forget_user(*, user) -> dict[str, int]:
    """Before the account goes: delete the images of the person's proposals and their supports
    (counts lowered); keep their proposals and comments, and the reports they made, without
    them."""
    with transaction.atomic():
        authored = Proposal.objects.filter(author=user)
        return {
            "images": _delete_images(authored),
            "supports": _remove_supports(Support.objects.filter(user=user)),
            "proposals": authored.update(author=None),
            "comments": Comment.objects.filter(author=user).update(author=None),
            "reports": Report.objects.filter(reporter=user).update(reporter=None),
        }


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
