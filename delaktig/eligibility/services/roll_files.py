"""Files the task queue reads and makes: uploaded census and invitation files, code sheets."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from delaktig.audit.services import record
from delaktig.core.errors import Conflict, DomainError, InvalidInput, NotAllowed
from delaktig.processes.models import BudgetRound

from ..code_sheet import code_sheet_pdf
from ..models import Invitation, RollFile
from ..secure_file import seal, unseal
from ..tables import FileHasErrors
from .census import _census_rows, replace_census
from .guards import (
    _require_codes_allowed,
    _require_official,
    _require_roll_open,
    _require_second_official,
)
from .invitation_list import _invitation_rows, import_invitations
from .issuing import issue_codes

LOGGER = logging.getLogger(__name__)


def queue_roll_file(*, by, budget_round, kind: str, uploaded) -> RollFile:
    """Keep the uploaded census or invitation file (encrypted) and have the task queue read it.

    The task replaces the census or adds to the invitation list, all or nothing, as
    `replace_census` and `import_invitations` do; the page of the returned RollFile says how
    it went, with every row error."""
    _require_official(by, budget_round)
    if kind not in (RollFile.Kind.CENSUS, RollFile.Kind.INVITATIONS):
        raise InvalidInput(_("Choose a census or an invitation list."))
    _require_roll_open(budget_round)
    return _new_roll_file(
        budget_round=budget_round,
        kind=kind,
        file_name=str(getattr(uploaded, "name", "") or "")[:200],
        content=seal(uploaded.read()),
        requested_by=by,
    )


class RollFileBusy(Conflict):
    """A file of the same kind is still waiting or being handled for the round."""

    def __init__(self, job):
        super().__init__(
            _(
                "A file of this kind is already being handled for this round (a double click, "
                "or two people at once). Here is how it is going; try again when it is done."
            )
        )
        self.job = job


BUSY_FOR = timedelta(hours=1)  # an unfinished file older than this is taken as crashed


def _new_roll_file(*, budget_round, kind, **fields) -> RollFile:
    """A new RollFile for the task queue, one of a kind per round at a time: two at once would
    import a list twice, or issue codes that the other sheet's codes then replace."""
    with transaction.atomic():
        # Two requests at once queue here (the round's row), so only one finds no busy file.
        BudgetRound.objects.select_for_update().filter(pk=budget_round.pk).first()
        busy = RollFile.objects.filter(
            budget_round=budget_round,
            kind=kind,
            status__in=[RollFile.Status.WAITING, RollFile.Status.RUNNING],
            created_at__gt=timezone.now() - BUSY_FOR,
        ).first()
        if busy is not None:
            raise RollFileBusy(busy)
        job = RollFile.objects.create(
            budget_round=budget_round,
            kind=kind,
            language=get_language() or settings.LANGUAGE_CODE,
            **fields,
        )
        _enqueue(job)
    return job


ROLL_FILE_DAYS = 1  # how long the page of an uploaded file (and its row errors) is kept


def purge_roll_files(*, dry_run: bool = False, now=None) -> int:
    """Delete uploaded census and invitation files older than ROLL_FILE_DAYS: their pages and
    row errors, and the file itself if a worker crashed before it was read and emptied."""
    cutoff = (now or timezone.now()) - timedelta(days=ROLL_FILE_DAYS)
    old = RollFile.objects.filter(created_at__lt=cutoff)
    if dry_run:
        return old.count()
    deleted, _detail = old.delete()
    return deleted


def _enqueue(job) -> None:
    """The task queue handles the file once this request's transaction commits (only its id
    is queued)."""
    from ..tasks import read_roll_file  # tasks.py imports this module

    transaction.on_commit(lambda: read_roll_file.enqueue(job.pk))


def read_roll_job(job_id: int) -> RollFile | None:
    """The task's work: read a waiting file, import it or store why not, and empty `content`
    whatever happens. None if there is no such waiting file (already read, or deleted)."""
    with transaction.atomic():
        job = (
            RollFile.objects.select_for_update(of=("self",))
            .select_related("budget_round", "requested_by", "approved_by")
            .filter(pk=job_id, status=RollFile.Status.WAITING)
            .first()
        )
        if job is None:
            return None
        job.status = RollFile.Status.RUNNING
        job.save(update_fields=["status"])
    with translation.override(job.language):
        try:
            if job.requested_by is None:
                raise NotAllowed(_("The person who asked for the file no longer has an account."))
            if job.kind == RollFile.Kind.CODE_SHEET:
                _make_code_sheet(job)
            elif job.approved_by_id is None:
                # First the check, then a second case officer, then the import (issue 9).
                uploaded = SimpleUploadedFile(job.file_name or "fil.csv", unseal(job.content))
                job.count = _check_roll_file(job, uploaded)
                job.status = RollFile.Status.CHECKED
            else:
                uploaded = SimpleUploadedFile(job.file_name or "fil.csv", unseal(job.content))
                job.count = _import_roll_file(job, uploaded)
                job.status = RollFile.Status.DONE
        except FileHasErrors as error:
            job.status, job.message = RollFile.Status.FAILED, str(error)
            job.row_errors = [
                {"row": e.row, "column": str(e.column), "message": str(e.message)}
                for e in error.errors
            ]
        except DomainError as error:
            job.status, job.message = RollFile.Status.FAILED, str(error)
        except Exception:
            LOGGER.exception("roll file #%s could not be read", job.pk)
            job.status = RollFile.Status.FAILED
            job.message = _("The file could not be read. Check that it is a CSV or XLSX file.")
        finally:
            keep = (
                job.kind == RollFile.Kind.CODE_SHEET and job.status == RollFile.Status.DONE
            ) or (job.status == RollFile.Status.CHECKED)
            if not keep:
                job.content = b""  # an upload once imported or refused; a sheet not made
            job.finished_at = job.finished_at or timezone.now()
            job.save()
    return job


def _check_roll_file(job, uploaded) -> int:
    """Check the file as the import will, write nothing, and ask a second case officer."""
    from delaktig.approvals.services import request_approval

    from ..approvals import IMPORT_ROLL

    budget_round, by = job.budget_round, job.requested_by
    _require_official(by, budget_round)
    _require_roll_open(budget_round)
    if job.kind == RollFile.Kind.CENSUS:
        count = len(_census_rows(budget_round, uploaded))
    else:
        count = len(_invitation_rows(budget_round, uploaded))
    request_approval(
        by=by,
        budget_round=budget_round,
        action=IMPORT_ROLL,
        params={"roll_file": job.pk},
        reason=_("Import of the file “%(file)s”, checked: %(count)d rows without errors.")
        % {"file": job.file_name or "–", "count": count},
    )
    return count


def approve_roll_file(*, by, job) -> RollFile:
    """A second case officer approved a checked file: the task queue imports it now."""
    with transaction.atomic():
        job = RollFile.objects.select_for_update().select_related("budget_round").get(pk=job.pk)
        if job.status != RollFile.Status.CHECKED or not job.content:
            raise Conflict(_("The file is no longer waiting to be imported. Upload it again."))
        _require_second_official(job.requested_by, job.budget_round, by)
        _require_roll_open(job.budget_round)
        job.approved_by, job.status = by, RollFile.Status.WAITING
        job.save(update_fields=["approved_by", "status"])
        _enqueue(job)
    return job


def _import_roll_file(job, uploaded) -> int:
    kwargs = {
        "by": job.requested_by,
        "budget_round": job.budget_round,
        "uploaded": uploaded,
        "approved_by": job.approved_by,
    }
    if job.kind == RollFile.Kind.CENSUS:
        return replace_census(**kwargs)
    return len(import_invitations(**kwargs))


# The task queue makes a sheet at about 4 ms a code (bench/code_sheet.py); a sheet of 20 000
# codes is 80 pages and over a minute of work. A school or a workplace is printed group by group.
MAX_CODES_PER_SHEET = 20_000


def queue_code_sheet(*, by, budget_round, invitations, approved_by=None) -> RollFile | None:
    """Have the task queue issue new codes for the invitations and make their code sheet, or
    None if there is no one to issue codes for. The official downloads the sheet once from
    the RollFile's page (the codes are in it in clear, and nowhere else)."""
    _require_official(by, budget_round)
    _require_codes_allowed(by, budget_round, approved_by)
    if isinstance(invitations, QuerySet):
        ids = list(invitations.filter(revoked_at__isnull=True).values_list("pk", flat=True))
    else:
        ids = [i.pk for i in invitations if i.revoked_at is None]
    if not ids:
        return None
    if len(ids) > MAX_CODES_PER_SHEET:
        raise InvalidInput(
            _(
                "At most %(max)d codes can be printed at a time, and you chose %(count)d. "
                "Choose one group at a time."
            )
            % {"max": MAX_CODES_PER_SHEET, "count": len(ids)}
        )
    return _new_roll_file(
        budget_round=budget_round,
        kind=RollFile.Kind.CODE_SHEET,
        invitation_ids=ids,
        requested_by=by,
        approved_by=approved_by,
    )


def _make_code_sheet(job) -> None:
    """New codes and their sheet, stored (encrypted) in one transaction with the codes: if the
    sheet cannot be made or kept, no code changes and codes already handed out keep working."""
    with transaction.atomic():
        issued = issue_codes(
            by=job.requested_by,
            budget_round=job.budget_round,
            invitations=Invitation.objects.filter(pk__in=job.invitation_ids),
            approved_by=job.approved_by,
        )
        if not issued:
            raise InvalidInput(_("There were no invitations to issue codes for."))
        job.content = seal(code_sheet_pdf(job.budget_round, issued))
        job.count, job.status, job.finished_at = len(issued), RollFile.Status.DONE, timezone.now()
        job.save()


def take_code_sheet(job, *, by=None) -> bytes:
    """The code sheet's PDF, once: it is erased as it is handed over."""
    with transaction.atomic():
        locked = RollFile.objects.select_for_update().get(pk=job.pk)
        if locked.kind != RollFile.Kind.CODE_SHEET or not locked.content:
            raise Conflict(
                _(
                    "The code sheet has already been downloaded, and the codes are not shown "
                    "again. To print the codes again, issue new ones."
                )
            )
        pdf = unseal(locked.content)
        locked.content, locked.downloaded_at = b"", timezone.now()
        locked.save(update_fields=["content", "downloaded_at"])
        record(by, "invitations.code_sheet_downloaded", locked, round_id=locked.budget_round_id)
    return pdf
