"""Everything Delaktig holds about one person, as JSON-ready data (the right of access).

Only the person's own data: the texts they wrote, what they supported and reported, and that
(not how) they voted. Never another person's name, e-mail address or comment, and never a
ballot: ballots carry no voter, so there is nothing linking one to the person.
"""

from datetime import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from delaktig.assessments.models import Assessment
from delaktig.audit.models import AuditEvent
from delaktig.proposals.models import Comment, Proposal, Report, Support
from delaktig.voting.models import Participation

FORMAT = "delaktig-personal-data/1"


def _when(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _round(budget_round) -> dict:
    return {"id": budget_round.pk, "name": budget_round.name, "slug": budget_round.slug}


def account(user) -> dict:
    return {
        "id": user.pk,
        "email": user.email,
        "name": user.full_name,
        "district": user.district.name if user.district_id else None,
        "organisation_units": [unit.name for unit in user.units.all()],
        "identified_with_e_id": bool(user.personnummer_hash),
        "has_password": user.has_usable_password(),
        "case_officer": user.is_official,
        "moderator": user.is_moderator,
        "administrator": user.is_superuser,
        "joined": _when(user.date_joined),
        "last_signed_in": _when(user.last_login),
    }


def email_addresses(user) -> list[dict]:
    return [
        {"email": e.email, "verified": e.verified, "primary": e.primary}
        for e in EmailAddress.objects.filter(user=user).order_by("email")
    ]


def proposals(user) -> list[dict]:
    rows = Proposal.objects.filter(author=user).select_related("budget_round", "area", "category")
    return [
        {
            "id": p.pk,
            "round": _round(p.budget_round),
            "title": p.title,
            "description": p.description,
            "estimated_cost": p.estimated_cost,
            "area": p.area.name if p.area_id else None,
            "category": p.category.name if p.category_id else None,
            "image": p.image.name if p.image else None,
            "image_description": p.image_alt,
            "status": p.status,
            "reason_for_hiding": p.hidden_reason,
            "supports": p.support_count,
            "created": _when(p.created_at),
            "changed": _when(p.updated_at),
        }
        for p in rows.order_by("created_at", "pk")
    ]


def comments(user) -> list[dict]:
    rows = Comment.objects.filter(author=user).select_related("proposal")
    return [
        {
            "id": c.pk,
            "proposal": {"id": c.proposal_id, "title": c.proposal.title},
            "text": c.body,
            "hidden": c.is_hidden,
            "reason_for_hiding": c.hidden_reason,
            "created": _when(c.created_at),
        }
        for c in rows.order_by("created_at", "pk")
    ]


def supports(user) -> list[dict]:
    rows = Support.objects.filter(user=user).select_related("proposal__budget_round")
    return [
        {
            "proposal": {"id": s.proposal_id, "title": s.proposal.title},
            "round": _round(s.proposal.budget_round),
            "created": _when(s.created_at),
        }
        for s in rows.order_by("created_at", "pk")
    ]


def reports(user) -> list[dict]:
    """Reports the person made. The reported comment is named by id only: it may be another
    person's text. Who resolved it (an official) is left out."""
    rows = Report.objects.filter(reporter=user).select_related("proposal", "comment__proposal")
    return [
        {
            "id": r.pk,
            "proposal": {"id": r.target_proposal.pk, "title": r.target_proposal.title},
            "comment_id": r.comment_id,
            "what_is_wrong": r.reason,
            "created": _when(r.created_at),
            "resolved": _when(r.resolved_at),
            "resolution": r.resolution or None,
        }
        for r in rows.order_by("created_at", "pk")
    ]


def participations(user) -> list[dict]:
    """That the person voted, where, how and when; never what (the ballot has no voter)."""
    rows = Participation.objects.filter(voter=user).select_related("box__budget_round", "box__area")
    return [
        {
            "round": _round(p.box.budget_round),
            "ballot_box": p.box_id,
            "area": p.box.area.name if p.box.area_id else None,
            "channel": p.channel,
            "voted": _when(p.cast_at),
            "last_changed": _when(p.changed_at),
        }
        for p in rows.order_by("cast_at", "pk")
    ]


def assessments(user) -> list[dict]:
    """Assessments the person decided as a case officer."""
    rows = Assessment.objects.filter(assessed_by=user).select_related("proposal")
    return [
        {
            "proposal": {"id": a.proposal_id, "title": a.proposal.title},
            "verdict": a.verdict,
            "published": _when(a.published_at),
        }
        for a in rows.order_by("proposal_id")
    ]


def audit_events(user) -> list[dict]:
    """What the audit log says the person did: action, time and object, not the details
    (which may name other people)."""
    rows = AuditEvent.objects.filter(actor=user).order_by("at", "id")
    return [
        {
            "time": _when(e.at),
            "action": e.action,
            "object_type": e.object_type,
            "object_id": e.object_id,
        }
        for e in rows
    ]


def eligibility(user) -> list[dict]:
    """Invitations sent to the person and census rows matching their e-identification, as the
    eligibility app describes them (never a voting code or a personnummer hash)."""
    try:
        from delaktig.eligibility import services
    except ImportError:
        return []
    collect = getattr(services, "personal_data_for", None)
    return list(collect(user)) if collect else []


def personal_data(user) -> dict:
    return {
        "format": FORMAT,
        "exported": _when(timezone.now()),
        "controller": settings.MUNICIPALITY_NAME,
        "account": account(user),
        "email_addresses": email_addresses(user),
        "proposals": proposals(user),
        "comments": comments(user),
        "supports": supports(user),
        "reports": reports(user),
        "participations": participations(user),
        "ballots": _(
            "Not included: a ballot has no voter and no time, so nothing links it to you. "
            "Your receipt code lets you check that it was counted."
        ),
        "eligibility": eligibility(user),
        "assessments": assessments(user),
        "audit_log": audit_events(user),
    }
