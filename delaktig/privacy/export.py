"""Everything Delaktig holds about one person, as JSON-ready data (the right of access).

Only the person's own data: the texts they wrote, what they supported and reported, and that
(not how) they voted. Never another person's name, e-mail address or comment, and never a
ballot: ballots carry no voter, so there is nothing linking one to the person.

Each app in `owners.OWNERS` describes its own data (`personal_data.export_user`); this module
adds what officials did (assessments, the audit log), which those apps do not forget.
"""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from delaktig.accounts.personal_data import when
from delaktig.assessments.models import Assessment
from delaktig.audit.models import AuditEvent

from . import owners

FORMAT = "delaktig-personal-data/1"


def assessments(user) -> list[dict]:
    """Assessments the person decided as a case officer."""
    rows = Assessment.objects.filter(assessed_by=user).select_related("proposal")
    return [
        {
            "proposal": {"id": a.proposal_id, "title": a.proposal.title},
            "verdict": a.verdict,
            "published": when(a.published_at),
        }
        for a in rows.order_by("proposal_id")
    ]


def audit_events(user) -> list[dict]:
    """What the audit log says the person did: action, time and object, not the details
    (which may name other people)."""
    rows = AuditEvent.objects.filter(actor=user).order_by("at", "id")
    return [
        {
            "time": when(e.at),
            "action": e.action,
            "object_type": e.object_type,
            "object_id": e.object_id,
        }
        for e in rows
    ]


def personal_data(user) -> dict:
    data = {
        "format": FORMAT,
        "exported": when(timezone.now()),
        "controller": settings.MUNICIPALITY_NAME,
    }
    for owner in reversed(owners.OWNERS):  # the account first
        data.update(owner.export_user(user=user))
    data["ballots"] = _(
        "Not included: a ballot has no voter and no time, so nothing links it to you. "
        "Your receipt code lets you check that it was counted."
    )
    data["assessments"] = assessments(user)
    data["audit_log"] = audit_events(user)
    return data
