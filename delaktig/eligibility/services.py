"""Every write to the roll: settings, census, invitations and their codes, code use, purging."""

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from delaktig.accounts.models import User
from delaktig.approvals.services import is_second_official
from delaktig.audit.services import record
from delaktig.core.errors import Conflict, DomainError, InvalidInput, NotAllowed
from delaktig.core.permissions import require
from delaktig.core.personnummer import PersonnummerError, keyed_hash
from delaktig.processes.models import BudgetRound

from . import codes
from .code_sheet import code_sheet_pdf
from .models import CensusEntry, Invitation, RollFile, RoundEligibility
from .secure_file import seal, unseal
from .tables import FileHasErrors, check_census, check_invitations, read_table

LOGGER = logging.getLogger(__name__)

INVITED_DOMAIN = "inbjudan.invalid"
CENSUS_DOMAIN = "rostlangd.invalid"


def _require_official(user, budget_round=None):
    require("eligibility.manage_roll", user, budget_round)


def roll_is_frozen(budget_round) -> bool:
    """The census and the invitation list are fixed from the moment voting opens (issue 9):
    nobody may be added or removed while people vote, or after."""
    return budget_round.rules_frozen()


def roll_frozen_message():
    return _(
        "Voting has opened, so the roll is frozen: nobody can be added to or removed from the "
        "census or the invitation list. A person who has lost their code can get a new one."
    )


def _require_roll_open(budget_round):
    if roll_is_frozen(budget_round):
        raise Conflict(roll_frozen_message())


def code_approval_needed(budget_round) -> bool:
    """Once voting has opened, a new code could let whoever holds it vote in a person's name:
    issuing or re-issuing codes then needs a second case officer (four-eyes, issue 9)."""
    return roll_is_frozen(budget_round)


def _require_codes_allowed(by, budget_round, approved_by) -> None:
    if budget_round.binding_phase_closed():
        raise Conflict(_("Voting has closed. No new voting codes can be issued."))
    if code_approval_needed(budget_round) and not is_second_official(
        by=by, approved_by=approved_by, permission="eligibility.manage_roll", obj=budget_round
    ):
        raise NotAllowed(
            _("Voting has opened, so new voting codes need the approval of a second case officer.")
        )


def _require_second_official(by, budget_round, approved_by) -> None:
    """Changing the roll takes two case officers (issue 9): one alone could add people who do
    not exist, print their codes and vote with them."""
    if not is_second_official(
        by=by, approved_by=approved_by, permission="eligibility.manage_roll", obj=budget_round
    ):
        raise NotAllowed(
            _("A change to the roll needs the approval of a second case officer of the round.")
        )


def _belongs(invitation, budget_round):
    if invitation.budget_round_id != budget_round.pk:
        raise InvalidInput(_("The invitation does not belong to this round."))


# --- Settings ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SettingsData:
    use_invitations: bool = False
    use_census: bool = False
    min_age: int | None = None
    max_age: int | None = None


def save_settings(*, by, budget_round, data: SettingsData) -> RoundEligibility:
    """Choose how the round decides who votes. Locked once voting has opened."""
    _require_official(by, budget_round)
    if budget_round.rules_frozen():
        raise Conflict(_("Voting has opened; who may vote can no longer be changed."))
    if data.min_age is not None and data.max_age is not None and data.min_age > data.max_age:
        raise InvalidInput(_("The lowest age is higher than the highest age."), field="min_age")
    if (
        data.use_census
        and data.use_invitations
        and Invitation.objects.filter(budget_round=budget_round, personnummer_hash="").exists()
    ):
        raise InvalidInput(
            _(
                "A round can use both a census and an invitation list only when everyone on the "
                "invitation list has a personal identity number: otherwise a person on both "
                "lists could vote twice. Upload the invitation list with a column "
                "“personnummer”, or use one of the lists."
            ),
            field="use_census",
        )
    if (data.min_age is not None or data.max_age is not None) and not (
        data.use_census or data.use_invitations
    ):
        raise InvalidInput(
            _("Age limits need a census or an invitation list, which say how old people are."),
            field="min_age",
        )
    with transaction.atomic():
        settings, _created = RoundEligibility.objects.update_or_create(
            budget_round=budget_round, defaults=data.__dict__
        )
        record(by, "eligibility.settings_changed", budget_round, **data.__dict__)
    budget_round.eligibility_settings = settings
    return settings


# --- Census ------------------------------------------------------------------------------------


def replace_census(*, by, budget_round, uploaded, approved_by=None) -> int:
    """Replace the round's census with the file's rows, all or nothing. `approved_by`: the
    second case officer who approved (approvals; the page's RollFile waits for one).

    Raises FileHasErrors (with every row error) or InvalidInput (unreadable file)."""
    _require_official(by, budget_round)
    _require_roll_open(budget_round)
    _require_second_official(by, budget_round, approved_by)
    rows = _census_rows(budget_round, uploaded)
    with transaction.atomic():
        removed, _counts = CensusEntry.objects.filter(budget_round=budget_round).delete()
        CensusEntry.objects.bulk_create(
            [
                CensusEntry(
                    budget_round=budget_round,
                    personnummer_hash=row.personnummer_hash,
                    area=row.area,
                    birth_date=row.birth_date,
                )
                for row in rows
            ],
            batch_size=2000,
        )
        record(
            by,
            "census.replaced",
            budget_round,
            entries=len(rows),
            previous_entries=removed,
            approved_by=approved_by.pk,
            file=str(getattr(uploaded, "name", ""))[:200],
        )
    return len(rows)


def voter_for_census(*, by, budget_round, personnummer: str) -> User | None:
    """The voter for a personnummer in the round's census (a paper-voting station), or None.

    The first time, a voter account is created with the keyed hash and no password: the person
    is matched again through the hash, at the station or when signing in with e-ID later."""
    try:
        digest = keyed_hash(personnummer)
    except PersonnummerError:
        return None
    if not CensusEntry.objects.filter(budget_round=budget_round, personnummer_hash=digest).exists():
        return None
    user = User.objects.filter(personnummer_hash=digest).first()
    if user is not None:
        return user
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                f"rl-{uuid.uuid4().hex}@{CENSUS_DOMAIN}", password=None, personnummer_hash=digest
            )
            # No user id: the account is made for a person on the roll who has come to a paper
            # station to vote, and the log is never purged, so its id here would say for ever
            # who voted on paper in this round. The official and the round are enough; the
            # account itself goes with the roll in the retention purge if nothing else needs it.
            record(by, "census.voter_created", budget_round)
    except IntegrityError:  # created at the same moment by another station
        user = User.objects.get(personnummer_hash=digest)
    return user


# --- Invitations -------------------------------------------------------------------------------


def _census_rows(budget_round, uploaded) -> list:
    """The file's census rows, or FileHasErrors / InvalidInput: the check before any import."""
    rows, errors = check_census(read_table(uploaded), budget_round)
    if errors:
        raise FileHasErrors(errors)
    return rows


def _invitation_rows(budget_round, uploaded) -> list:
    """The file's invitation rows, or FileHasErrors / InvalidInput: the check before any
    import (e-mail addresses and personnummer not already on the list)."""
    taken = {
        e.lower()
        for e in Invitation.objects.filter(budget_round=budget_round)
        .exclude(email="")
        .values_list("email", flat=True)
    }
    settings_ = RoundEligibility.objects.filter(budget_round=budget_round).first()
    both = bool(settings_ and settings_.use_census and settings_.use_invitations)
    rows, errors = check_invitations(
        read_table(uploaded), budget_round, taken, need_personnummer=both
    )
    listed = set(
        Invitation.objects.filter(budget_round=budget_round)
        .exclude(personnummer_hash="")
        .values_list("personnummer_hash", flat=True)
    )
    if listed & {row.personnummer_hash for row in rows if row.personnummer_hash}:
        raise InvalidInput(
            _(
                "Someone in the file is already on the invitation list (the same personal "
                "identity number)."
            )
        )
    if errors:
        raise FileHasErrors(errors)
    return rows


def import_invitations(*, by, budget_round, uploaded, approved_by=None) -> list[Invitation]:
    """Add the file's people to the round's invitation list, all or nothing. No codes yet.
    `approved_by`: the second case officer who approved."""
    _require_official(by, budget_round)
    _require_roll_open(budget_round)
    _require_second_official(by, budget_round, approved_by)
    rows = _invitation_rows(budget_round, uploaded)
    with transaction.atomic():
        invitations = Invitation.objects.bulk_create(
            [
                Invitation(
                    budget_round=budget_round,
                    name=row.name,
                    email=row.email,
                    area=row.area,
                    birth_date=row.birth_date,
                    group=row.group,
                    personnummer_hash=row.personnummer_hash or "",
                )
                for row in rows
            ],
            batch_size=2000,
        )
        record(
            by,
            "invitations.imported",
            budget_round,
            invitations=len(invitations),
            file=str(getattr(uploaded, "name", ""))[:200],
            approved_by=approved_by.pk,
        )
    return invitations


# --- Files read by the task queue -----------------------------------------------------------


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
    from .tasks import read_roll_file  # tasks.py imports this module

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

    from .approvals import IMPORT_ROLL

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


@dataclass(frozen=True)
class IssuedCode:
    invitation: Invitation
    code: str  # in clear: shown once (code sheet or e-mail), never stored


def _new_code(invitation, now) -> str:
    code = codes.generate()
    invitation.code_hash, invitation.issued_at, invitation.sent_at = (
        codes.code_hash(code),
        now,
        None,
    )
    invitation.save(update_fields=["code_hash", "issued_at", "sent_at"])
    return code


def issue_codes(*, by, budget_round, invitations, approved_by=None) -> list[IssuedCode]:
    """Give each (not revoked) invitation a new code; any earlier code stops working.

    The codes are returned in clear once, for the code sheet; only their hashes are kept.
    Once voting has opened, `approved_by` must be a second case officer (see approvals)."""
    _require_official(by, budget_round)
    _require_codes_allowed(by, budget_round, approved_by)
    now = timezone.now()
    with transaction.atomic():
        locked = list(
            Invitation.objects.select_for_update(of=("self",))
            .filter(budget_round=budget_round, pk__in=[i.pk for i in invitations])
            .filter(revoked_at__isnull=True)
            .select_related("area")
            .order_by("group", "name", "pk")
        )
        issued = [IssuedCode(i, _new_code(i, now)) for i in locked]
        record(
            by,
            "invitations.codes_issued",
            budget_round,
            invitations=[i.pk for i in locked],
            count=len(locked),
            approved_by=approved_by.pk if approved_by else None,
        )
    return issued


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


def reprint_code(*, by, invitation, approved_by=None) -> bytes:
    """A new code for one person (see reissue_code) and its slip, in one transaction."""
    with transaction.atomic():
        issued = reissue_code(by=by, invitation=invitation, approved_by=approved_by)
        return code_sheet_pdf(invitation.budget_round, [issued])


def revoke_invitation(*, by, invitation) -> Invitation:
    """The code stops working, and the person can no longer vote with it. Only before voting
    opens: afterwards the roll is frozen (a lost code is replaced by a new one instead)."""
    _require_official(by, invitation.budget_round)
    _require_roll_open(invitation.budget_round)
    if invitation.revoked_at is not None:
        raise Conflict(_("The invitation is already revoked."))
    with transaction.atomic():
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        record(by, "invitation.revoked", invitation)
    return invitation


def reissue_code(*, by, invitation, approved_by=None) -> IssuedCode:
    """A new code for the same person (also after a revoke); the old code stops working.

    The person keeps their voter account, so they cannot vote twice; but a ballot cast with
    the old code cannot be seen or changed with the new one (the ballot's locator depends on
    the code, voting/services.locator_for): whoever holds the new code, an official included,
    learns nothing of it. Once voting has opened a second case officer must approve."""
    _require_official(by, invitation.budget_round)
    _require_codes_allowed(by, invitation.budget_round, approved_by)
    with transaction.atomic():
        locked = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("area")
            .get(pk=invitation.pk)
        )
        locked.revoked_at = None
        locked.save(update_fields=["revoked_at"])
        code = _new_code(locked, timezone.now())
        record(
            by,
            "invitation.reissued",
            locked,
            approved_by=approved_by.pk if approved_by else None,
        )
    return IssuedCode(locked, code)


def send_invitations(*, by, budget_round, invitations, approved_by=None) -> int:
    """E-mail each invitation with an address a new code and link (in the background).

    Each e-mail carries a new code: a code printed earlier for the same person stops working.
    Once voting has opened a second case officer must approve."""
    from .tasks import send_invitation_email

    _require_official(by, budget_round)
    _require_codes_allowed(by, budget_round, approved_by)
    ids = list(
        Invitation.objects.filter(
            budget_round=budget_round,
            pk__in=[i.pk for i in invitations],
            revoked_at__isnull=True,
        )
        .exclude(email="")
        .values_list("pk", flat=True)
    )
    with transaction.atomic():
        record(
            by,
            "invitations.sent",
            budget_round,
            invitations=ids,
            count=len(ids),
            approved_by=approved_by.pk if approved_by else None,
        )
        for pk in ids:
            transaction.on_commit(lambda pk=pk: send_invitation_email.enqueue(pk))
    return len(ids)


def code_for_email(invitation_id: int) -> tuple[Invitation, str] | None:
    """For the e-mail task: a new code for the invitation, made where the e-mail is sent so
    that the code never passes through the task queue. None if revoked or without e-mail."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("budget_round", "area")
            .filter(pk=invitation_id, revoked_at__isnull=True)
            .exclude(email="")
            .first()
        )
        if invitation is None or invitation.budget_round.binding_phase_closed():
            return None
        code = _new_code(invitation, timezone.now())
    return invitation, code


def mark_sent(invitation: Invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())
    record(None, "invitation.emailed", invitation)


# --- Using a code ------------------------------------------------------------------------------


def redeem_code(*, code: str) -> Invitation:
    """The invitation of a typed code, with its voter (created on first use).

    Locks the invitation, so a code used from two browsers at once creates one voter. A code
    stays usable by the same person until voting closes, to change their vote; `used_at` marks
    the first use."""
    digest = codes.code_hash(code)
    if digest is None:
        raise InvalidInput(
            _("A voting code has 12 letters and digits, like ABCD-EFGH-JK23. Check the code.")
        )
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("budget_round", "area")
            .filter(code_hash=digest)
            .first()
        )
        if invitation is None:
            raise InvalidInput(
                _("We do not recognise that voting code. Check that you typed it correctly.")
            )
        if invitation.revoked_at is not None:
            raise NotAllowed(
                _(
                    "This voting code has been revoked. Contact the municipality if you "
                    "need a new one."
                )
            )
        if invitation.voter_id is None:
            invitation.voter = _voter_for(invitation)
        _bind_credentials(invitation.voter, digest)
        if invitation.used_at is None:
            invitation.used_at = timezone.now()
            # No actor: the log outlives the roll and must not say who voted. The invitation
            # (named by number) is deleted by the round's retention purge, and with it the link.
            record(None, "invitation.used", invitation)
        invitation.save(update_fields=["voter", "used_at"])
    return invitation


def _bind_credentials(voter, digest: str) -> None:
    """The voter's ballot key follows the code in use: a ballot cast with an earlier code of
    theirs cannot be found, seen or changed with a new one (issue 9: an official who re-issues
    a code and signs in with it must learn nothing of the vote already cast)."""
    stamp = "code:" + digest[:32]
    if voter.credential_stamp != stamp:
        voter.credential_stamp = stamp
        voter.save(update_fields=["credential_stamp"])


def _voter_for(invitation) -> User:
    """The invited person's account: with a personnummer, the one account of that person (the
    same one the census, a paper station and e-ID lead to), so one person has one ballot."""
    digest = invitation.personnummer_hash
    if not digest:
        return _new_voter(invitation)
    user = User.objects.filter(personnummer_hash=digest).first()
    if user is not None:
        return user
    try:
        with transaction.atomic():
            return User.objects.create_user(
                f"inv-{uuid.uuid4().hex}@{INVITED_DOMAIN}",
                password=None,
                full_name=invitation.name,
                personnummer_hash=digest,
            )
    except IntegrityError:  # made at the same moment at a paper station or by e-ID
        return User.objects.get(personnummer_hash=digest)


def _new_voter(invitation) -> User:
    """An account for the invited person: their e-mail if no one has it, else a placeholder."""
    email = invitation.email
    if email and not User.objects.filter(email__iexact=email).exists():
        try:
            with transaction.atomic():
                return User.objects.create_user(email, password=None, full_name=invitation.name)
        except IntegrityError:
            pass
    return User.objects.create_user(
        f"inv-{uuid.uuid4().hex}@{INVITED_DOMAIN}", password=None, full_name=invitation.name
    )


def voter_for_code(*, budget_round, code: str) -> User | None:
    """The voter for a code of this round (paper-voting station), or None."""
    digest = codes.code_hash(code)
    if digest is None:
        return None
    exists = Invitation.objects.filter(
        budget_round=budget_round, code_hash=digest, revoked_at__isnull=True
    ).exists()
    return redeem_code(code=code).voter if exists else None


# --- Personal data -----------------------------------------------------------------------------


def purge_round(budget_round, *, dry_run: bool = False) -> dict[str, int]:
    """Delete the round's census and invitation list (the privacy app's retention purge).

    Deleting an invitation unlinks its voter account; the privacy app's purge removes the
    accounts that existed only for the roll just before calling this."""
    census = CensusEntry.objects.filter(budget_round=budget_round)
    invitations = Invitation.objects.filter(budget_round=budget_round)
    counts = {"census": census.count(), "invitations": invitations.count()}
    if dry_run:
        return counts
    with transaction.atomic():
        census.delete()
        invitations.delete()
        record(None, "eligibility.purged", budget_round, **counts)
    return counts


def forget_user(user) -> int:
    """Unlink the person's invitations before their account is deleted. The list stays the
    official's, as imported; census entries hold only a hash and stay until the round's purge."""
    return Invitation.objects.filter(voter=user).update(voter=None)


def personal_data_for(user) -> list[dict]:
    """What the roll says about the person, for their data export."""
    data = [
        {
            "kind": "invitation",
            "round": i.budget_round.name,
            "name": i.name,
            "email": i.email,
            "area": i.area.name if i.area else None,
            "group": i.group,
            "birth_date": i.birth_date.isoformat() if i.birth_date else None,
            "sent_at": i.sent_at.isoformat() if i.sent_at else None,
            "first_used_at": i.used_at.isoformat() if i.used_at else None,
            "revoked_at": i.revoked_at.isoformat() if i.revoked_at else None,
        }
        for i in Invitation.objects.filter(voter=user).select_related("budget_round", "area")
    ]
    if user.personnummer_hash:
        data += [
            {
                "kind": "census",
                "round": e.budget_round.name,
                "area": e.area.name if e.area else None,
                "birth_date": e.birth_date.isoformat(),
            }
            for e in CensusEntry.objects.filter(
                personnummer_hash=user.personnummer_hash
            ).select_related("budget_round", "area")
        ]
    return data
