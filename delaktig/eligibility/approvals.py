"""The roll's four-eyes steps: once voting has opened, new voting codes (a code sheet, one
person's new code, or codes sent by e-mail) are carried out only when a second case officer
approves (delaktig.approvals). The approver is recorded on what is made."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from delaktig.approvals.registry import Step, register
from delaktig.approvals.services import requester
from delaktig.core.errors import NotAllowed

from .models import Invitation, RollFile
from .services import roll_files, sending

CODE_SHEET = "eligibility.code_sheet"
IMPORT_ROLL = "eligibility.import_roll"
SEND_CODES = "eligibility.send_codes"


def _invitations(approval):
    return Invitation.objects.filter(
        budget_round=approval.budget_round, pk__in=approval.params.get("invitation_ids", [])
    )


def _run_code_sheet(*, by, approval) -> dict:
    job = roll_files.queue_code_sheet(
        by=requester(approval),
        budget_round=approval.budget_round,
        invitations=_invitations(approval),
        approved_by=by,
    )
    if job is None:
        raise NotAllowed(_("There were no invitations to issue codes for."))
    return {"roll_file": job.pk}


NAMES_SHOWN = 10


def _names(approval) -> str:
    """The people it concerns, so the approver can check with them (officials only)."""
    names = list(_invitations(approval).order_by("name").values_list("name", flat=True))
    shown = ", ".join(names[:NAMES_SHOWN])
    return shown + (" …" if len(names) > NAMES_SHOWN else "")


def _describe_code_sheet(approval) -> str:
    ids = approval.params.get("invitation_ids", [])
    if len(ids) == 1:
        return _(
            "A new voting code for %(name)s, on a code sheet for the one who asked. The old "
            "code stops working. A vote already cast stays as it is and cannot be seen or "
            "changed with the new code."
        ) % {"name": _names(approval)}
    return ngettext(
        "New voting codes for %(count)d person (%(names)s), on a code sheet for the one who asked.",
        "New voting codes for %(count)d people (%(names)s), on a code sheet for the one who asked.",
        len(ids),
    ) % {"count": len(ids), "names": _names(approval)}


def _where_code_sheet(approval):
    job = approval.result.get("roll_file")
    if job is None:
        return None
    return reverse(
        "eligibility_manage:roll_file", kwargs={"slug": approval.budget_round.slug, "pk": job}
    )


def _run_send_codes(*, by, approval) -> dict:
    count = sending.send_invitations(
        by=requester(approval),
        budget_round=approval.budget_round,
        invitations=_invitations(approval),
        approved_by=by,
    )
    return {"count": count}


def _describe_send_codes(approval) -> str:
    count = len(approval.params.get("invitation_ids", []))
    return ngettext(
        "E-mail a new voting code to %(count)d person (%(names)s), to the address on the "
        "invitation list.",
        "E-mail new voting codes to %(count)d people (%(names)s), to the addresses on the "
        "invitation list.",
        count,
    ) % {"count": count, "names": _names(approval)}


register(
    Step(
        action=CODE_SHEET,
        run=_run_code_sheet,
        describe=_describe_code_sheet,
        permission="eligibility.manage_roll",
        where=_where_code_sheet,
    )
)
register(
    Step(
        action=SEND_CODES,
        run=_run_send_codes,
        describe=_describe_send_codes,
        permission="eligibility.manage_roll",
    )
)


def _roll_file(approval):
    job = RollFile.objects.filter(
        pk=approval.params.get("roll_file"), budget_round=approval.budget_round
    ).first()
    if job is None:
        raise NotAllowed(_("The file is no longer there. Upload it again."))
    return job


def _run_import(*, by, approval) -> dict:
    job = roll_files.approve_roll_file(by=by, job=_roll_file(approval))
    return {"roll_file": job.pk}


def _describe_import(approval) -> str:
    job = RollFile.objects.filter(pk=approval.params.get("roll_file")).first()
    if job is None:
        return _("Import a file that is no longer there.")
    if job.kind == RollFile.Kind.CENSUS:
        return _(
            "Replace the census with the file “%(file)s”: %(count)d people, checked without "
            "errors. The people now in the census are replaced."
        ) % {"file": job.file_name, "count": job.count or 0}
    return _(
        "Add the people of the file “%(file)s” to the invitation list: %(count)d people, "
        "checked without errors."
    ) % {"file": job.file_name, "count": job.count or 0}


register(
    Step(
        action=IMPORT_ROLL,
        run=_run_import,
        describe=_describe_import,
        permission="eligibility.manage_roll",
        where=_where_code_sheet,
    )
)
