"""Reads of the association register, shaped for its pages and for other apps."""

from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Paginator
from django.db.models import Count, Q

from delaktig.accounts.models import District
from delaktig.processes.models import BudgetRound

from .models import Application, Association, AssociationStatus, Invitation

PAGE_SIZE = 20


def districts():
    return list(District.objects.order_by("name"))


def register_page(filters: dict, page_number):
    """One page of the public register: listed associations matching `filters` (the search
    form's), with their area, in two queries however large the register."""
    found = Association.objects.listed().search(**filters).select_related("district")
    return Paginator(
        found.only("name", "slug", "category", "description", "district__name"), PAGE_SIZE
    ).get_page(page_number)


def listed_association(slug: str) -> Association | None:
    return Association.objects.listed().select_related("district").filter(slug=slug).first()


def association_by_slug(slug: str) -> Association | None:
    return Association.objects.select_related("district").filter(slug=slug).first()


def waiting_applications():
    return Application.objects.waiting().select_related("association", "district")


def for_invitation(*, categories, districts):
    """Listed associations in any of `categories` and `districts` (empty: all), and those active
    in the whole municipality."""
    found = Association.objects.listed().select_related("district")
    if categories:
        found = found.filter(category__in=categories)
    if districts:
        found = found.filter(Q(district__in=districts) | Q(district__isnull=True))
    return found.order_by("name", "id")


def invited_to(process, associations) -> set[int]:
    """The ids of those of `associations` already invited to `process`."""
    return set(
        Invitation.objects.filter(process=process, association__in=associations).values_list(
            "association_id", flat=True
        )
    )


def invitable_processes():
    return BudgetRound.objects.published().order_by("-created_at", "id")


@dataclass(frozen=True)
class InvitationRow:
    """One invitation as an association's page lists it. The meetings app's invitations to
    meetings have the same shape (what, where to, when, by whom, how it went), so the two
    lists can be shown side by side."""

    what: str
    url: str
    invited_at: datetime
    sent: bool
    by: str


def invitations_of(association) -> list[InvitationRow]:
    from django.urls import reverse

    rows = Invitation.objects.filter(association=association).select_related(
        "process", "invited_by"
    )
    return [
        InvitationRow(
            what=i.process.name,
            url=reverse("processes:round_detail", kwargs={"slug": i.process.slug}),
            invited_at=i.invited_at,
            sent=i.sent_at is not None,
            by=i.invited_by.get_full_name() if i.invited_by else "",
        )
        for i in rows
    ]


def invitations_by_process():
    """Who was invited to what: per process, the number invited and sent."""
    return (
        BudgetRound.objects.filter(association_invitations__isnull=False)
        .annotate(
            invited=Count("association_invitations"),
            sent=Count(
                "association_invitations", filter=Q(association_invitations__sent_at__isnull=False)
            ),
        )
        .order_by("-created_at")
    )


def register_counts() -> dict:
    by_status = dict(
        Association.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    return {
        "listed": by_status.get(AssociationStatus.LISTED, 0),
        "waiting": Application.objects.waiting().count(),
    }
