"""Every write on proposals, comments, supports and reports.

Each function takes keyword arguments, the actor first; checks the same rule as the view;
writes in one transaction with an audit event; raises a DomainError with a sentence.
"""

import unicodedata
from dataclasses import dataclass, fields, replace

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from delaktig.audit.services import record
from delaktig.core.errors import Conflict, InvalidInput
from delaktig.core.permissions import require
from delaktig.eligibility.rules import is_code_voter
from delaktig.following import services as following
from delaktig.processes.models import BudgetRound

from .images import reencode_image, validate_image_upload
from .models import (
    Comment,
    Proposal,
    ProposalStatus,
    Report,
    ReportResolution,
    Support,
)
from .reportables import reportable_for


@dataclass
class ProposalData:
    """What the author writes. `image`: an upload, None to keep the old one, False to remove."""

    title: str
    description: str
    estimated_cost: int
    area: object = None
    category: object = None
    image: object = None
    image_alt: str = ""
    # Shown instead of the name where the round allows it (BudgetRound.pseudonyms_allowed);
    # None: keep what the proposal has ("" removes it).
    pseudonym: str | None = None

    def fields(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def get_proposal_for(user, budget_round, pk) -> Proposal:
    """Load a proposal of this round the user may see; 404 for anything else."""
    queryset = (
        Proposal.objects.visible_to(user)
        .in_round(budget_round)
        .select_related("budget_round", "area", "category", "author", "assessment")
    )
    return get_object_or_404(queryset, pk=pk)


def _check_length(text: str, model, field: str) -> None:
    """TextField max_length is not checked by full_clean; check it here."""
    limit = model._meta.get_field(field).max_length
    if limit and len(text or "") > limit:
        raise InvalidInput(_("Write at most %(limit)d characters.") % {"limit": limit}, field=field)


def _check_title(title: str) -> None:
    """A title is one line of text: it is a page heading, an e-mail subject and a field of the
    published .pb file. Control characters (line breaks, tabs, the rest of C0 and C1) and the
    line and paragraph separators are refused; an ordinary space is fine."""
    if any(unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in title):
        raise InvalidInput(
            _(
                "Write the title on one line, without line breaks, tabs or other control "
                "characters."
            ),
            field="title",
        )


def _same_name(text: str) -> str:
    """A name as it is compared: case, accents' composed forms and spacing do not matter."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _check_pseudonym(budget_round, author, pseudonym: str) -> str:
    """The pseudonym to store (trimmed, "" for none). Refused where the round does not allow one,
    when it is not one line, and when it is a name shown in the round for someone else: another
    proposer's name or pseudonym, a commenter's name, a case officer's or moderator's name, or
    the words the pages use for people without a name. So nobody signs as someone else."""
    pseudonym = (pseudonym or "").strip()
    if not pseudonym:
        return ""
    if not budget_round.pseudonyms_allowed:
        raise InvalidInput(
            _("This round does not allow proposers to sign with a pseudonym."), field="pseudonym"
        )
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in pseudonym):
        raise InvalidInput(
            _("Write the pseudonym on one line, without control characters."), field="pseudonym"
        )
    pseudonym = " ".join(pseudonym.split())
    wanted = _same_name(pseudonym)
    if wanted in {_same_name(name) for name in _names_shown_for_others(budget_round, author)}:
        raise InvalidInput(
            _(
                "Someone else in this round is shown with that name. Choose a pseudonym that "
                "does not look like another person."
            ),
            field="pseudonym",
        )
    return pseudonym


def _names_shown_for_others(budget_round, author) -> set[str]:
    """The names of everyone else in the round (proposers, also those behind a pseudonym or a
    voting code, and commenters), the pseudonyms shown, and the names of the staff who may act
    in it. Small queries, no join of proposals with comments."""
    User = get_user_model()
    others = User.objects.exclude(pk=author.pk) if author else User.objects.all()
    others = others.exclude(full_name="")
    in_round = Proposal.objects.in_round(budget_round)
    names = set(
        in_round.exclude(author=author).exclude(pseudonym="").values_list("pseudonym", flat=True)
    )
    # Every proposer's name, shown or not: nobody signs as a real person of the round.
    shown_authors = in_round.values("author")
    commenters = Comment.objects.filter(proposal__budget_round=budget_round).values("author")
    names |= set(
        others.filter(
            Q(pk__in=shown_authors)
            | Q(pk__in=commenters)
            | Q(is_official=True)
            | Q(is_moderator=True)
            | Q(is_superuser=True)
        ).values_list("full_name", flat=True)
    )
    names |= {str(_("A participant with a voting code")), str(_("A former user"))}
    return names


def _check_round_choices(budget_round, data: ProposalData) -> None:
    if data.area is not None and data.area.budget_round_id != budget_round.pk:
        raise InvalidInput(_("Choose one of the round's areas."), field="area")
    if data.area is None and budget_round.areas.exists():
        raise InvalidInput(_("Choose the area your proposal is for."), field="area")
    if data.category is not None and data.category.budget_round_id != budget_round.pk:
        raise InvalidInput(_("Choose one of the round's categories."), field="category")


def _delete_image_file(name: str) -> None:
    """Delete a stored image once the transaction that let go of it has committed (a rolled
    back change keeps its file). Images are public at their address while the file exists."""
    if not name:
        return
    storage = Proposal._meta.get_field("image").storage
    transaction.on_commit(lambda: storage.delete(name))


def _drop_image(proposal: Proposal) -> bool:
    """Take the image off the proposal and delete its file after commit. True if there was one.
    The caller saves `image` and `image_alt`."""
    if not proposal.image:
        return False
    _delete_image_file(proposal.image.name)
    proposal.image = None
    proposal.image_alt = ""
    return True


def _apply(proposal: Proposal, data: ProposalData) -> list[str]:
    """Copy the data onto the proposal, check it, and return the names of changed fields."""
    changed = []
    for name, value in data.fields().items():
        if name == "image" or (name == "pseudonym" and value is None):
            continue
        if getattr(proposal, name) != value:
            setattr(proposal, name, value)
            changed.append(name)
    if isinstance(data.image, UploadedFile):
        try:
            validate_image_upload(data.image)
            # Stored re-encoded, without metadata, under a random name (images.py).
            proposal.image = reencode_image(data.image)
        except ValidationError as error:
            raise InvalidInput(error.messages[0], field="image") from error
        changed.append("image")
    elif data.image is False and proposal.image:
        proposal.image = None
        changed.append("image")
    if proposal.image and not proposal.image_alt.strip():
        raise InvalidInput(_("Describe the image for people who cannot see it."), field="image_alt")
    _check_title(proposal.title)
    _check_length(proposal.description, Proposal, "description")
    try:
        proposal.full_clean(exclude=["budget_round", "author", "image", "merged_into"])
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise InvalidInput(messages[0], field=field) from error
    return changed


def submit_proposal(*, by, budget_round, data: ProposalData) -> Proposal:
    """Publish a proposal; one sent in with a voting code (youth rounds) waits for a moderator
    and never shows its author's name."""
    require("proposals.add_proposal", by, budget_round)
    _check_round_choices(budget_round, data)
    proposal = Proposal(budget_round=budget_round, author=by)
    if is_code_voter(by):
        proposal.status = ProposalStatus.PENDING
        proposal.author_name_shown = False
        data = replace(data, pseudonym="")  # no name of any kind is shown for a code voter
    data = replace(data, pseudonym=_check_pseudonym(budget_round, by, data.pseudonym or ""))
    _apply(proposal, data)
    with transaction.atomic():
        proposal.save()
        record(by, "proposal.submitted", proposal, pending=proposal.status == "pending")
        # The author is told of every step of their proposal (the daily digest; the
        # assessment also by its own e-mail, assessments/tasks.py).
        following.follow_automatically(user=by, target=proposal)
        if proposal.status == ProposalStatus.PUBLISHED:
            _tell_published(proposal, told=by)
    return proposal


def _tell_published(proposal: Proposal, told=None) -> None:
    """An event for the round's followers: a new proposal (the daily digest)."""
    following.record(
        proposal,
        "proposal.published",
        title=proposal.title,
        path=proposal.get_absolute_url(),
        process=proposal.budget_round,
        told=told,
    )


def publish_pending(*, by, proposal: Proposal) -> Proposal:
    """A moderator publishes a proposal that waited for them (sent in with a voting code)."""
    _require_moderator(by, proposal.budget_round)
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.status != ProposalStatus.PENDING:
            raise Conflict(_("This proposal is no longer waiting for a moderator."))
        locked.status = ProposalStatus.PUBLISHED
        locked.save(update_fields=["status", "updated_at"])
        record(by, "proposal.approved", locked)
        _tell_published(locked)
    proposal.status = locked.status
    return proposal


def edit_proposal(*, by, proposal: Proposal, data: ProposalData) -> Proposal:
    require("proposals.change_proposal", by, proposal)
    _check_round_choices(proposal.budget_round, data)
    if not proposal.author_name_shown:
        data = replace(data, pseudonym="")
    elif data.pseudonym is not None and data.pseudonym != proposal.pseudonym:
        data = replace(data, pseudonym=_check_pseudonym(proposal.budget_round, by, data.pseudonym))
    old_image = proposal.image.name if proposal.image else ""
    changed = _apply(proposal, data)
    with transaction.atomic():
        proposal.save()
        if old_image and old_image != proposal.image.name:
            _delete_image_file(old_image)  # replaced or removed: not public any more
        record(by, "proposal.edited", proposal, fields=changed)
    return proposal


def withdraw_proposal(*, by, proposal: Proposal) -> Proposal:
    require("proposals.delete_proposal", by, proposal)
    with transaction.atomic():
        proposal.status = ProposalStatus.WITHDRAWN
        # Only the author sees a withdrawn proposal, so its image stops being public too.
        image_deleted = _drop_image(proposal)
        proposal.save(update_fields=["status", "image", "image_alt", "updated_at"])
        record(by, "proposal.withdrawn", proposal, image_deleted=image_deleted)
    return proposal


def add_comment(*, by, proposal: Proposal, body: str) -> Comment:
    require("proposals.comment_proposal", by, proposal)
    body = (body or "").strip()
    if not body:
        raise InvalidInput(_("Write your comment."), field="body")
    _check_length(body, Comment, "body")
    comment = Comment(proposal=proposal, author=by, body=body)
    with transaction.atomic():
        comment.save()
        # The log names the comment by id (Comment.audit_label), never its text.
        record(
            by,
            "comment.added",
            comment,
            round_id=proposal.budget_round_id,
            proposal=proposal.pk,
            length=len(body),
        )
    return comment


def _recount_supports(*proposals: Proposal) -> None:
    counts = dict(
        Support.objects.filter(proposal__in=proposals)
        .values("proposal")
        .annotate(n=Count("pk"))
        .values_list("proposal", "n")
    )
    for proposal in proposals:
        proposal.support_count = counts.get(proposal.pk, 0)
        Proposal.objects.filter(pk=proposal.pk).update(support_count=proposal.support_count)


def toggle_support(*, by, proposal: Proposal) -> bool:
    """Support the proposal, or take the support back. Returns True if it is now supported."""
    require("proposals.support_proposal", by, proposal)
    with transaction.atomic():
        deleted, _details = Support.objects.filter(proposal=proposal, user=by).delete()
        supported = not deleted
        if supported:
            try:
                with transaction.atomic():
                    Support.objects.create(proposal=proposal, user=by)
            except IntegrityError:  # a second click raced the first one: still supported
                pass
        _recount_supports(proposal)
        record(by, "proposal.supported" if supported else "proposal.unsupported", proposal)
    return supported


def report_content(*, by, proposal: Proposal, reason: str, comment: Comment | None = None):
    """Report a proposal, or one of its comments, to the moderators."""
    require("proposals.report_proposal", by, proposal)
    if comment is not None and (comment.proposal_id != proposal.pk or comment.is_hidden):
        raise InvalidInput(_("The comment could not be found."), field="reason")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Tell us what is wrong."), field="reason")
    _check_length(reason, Report, "reason")
    already = Report.objects.open().filter(proposal=proposal, comment=comment, reporter=by)
    if already.exists():
        raise Conflict(_("You have already reported this. A moderator will look at it."))
    with transaction.atomic():
        report = Report.objects.create(
            proposal=proposal, comment=comment, reporter=by, reason=reason
        )
        # The log names the report by id (Report.audit_label), never the reason written.
        record(
            by,
            "report.filed",
            report,
            round_id=proposal.budget_round_id,
            proposal=proposal.pk,
            comment=comment.pk if comment is not None else None,
            length=len(reason),
        )
    return report


def report_target(*, by, target, reason: str) -> Report:
    """Report another app's content (registered in reportables.py: a forum post) to the
    moderators of its process, in the same queue as proposals and comments."""
    reportable = reportable_for(target)
    require(reportable.report_permission, by, target)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Tell us what is wrong."), field="reason")
    _check_length(reason, Report, "reason")
    if Report.objects.open().on(target).filter(reporter=by).exists():
        raise Conflict(_("You have already reported this. A moderator will look at it."))
    process = reportable.process(target)
    with transaction.atomic():
        report = Report.objects.create(
            target_type=ContentType.objects.get_for_model(target),
            target_id=target.pk,
            process=process,
            reporter=by,
            reason=reason,
        )
        record(
            by,
            "report.filed",
            report,
            round_id=process.pk,
            target=target._meta.label_lower,
            target_id=target.pk,
            length=len(reason),
        )
    return report


def resolve_reports_on(*, by, target) -> int:
    """Close the open reports on another app's content as hidden: its app's hide service calls
    this inside its own transaction (reportables.py)."""
    return _resolve_reports(Report.objects.on(target), by, ReportResolution.HIDDEN)


def _require_moderator(by, budget_round):
    require("proposals.moderate", by, budget_round)


def _public_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Write the public reason for hiding."), field="reason")
    if len(reason) > 1000:
        raise InvalidInput(
            _("Write at most %(limit)d characters.") % {"limit": 1000}, field="reason"
        )
    return reason


def _resolve_reports(reports, by, resolution: str) -> int:
    return reports.open().update(resolved_at=timezone.now(), resolved_by=by, resolution=resolution)


def hide_proposal(*, by, proposal: Proposal, reason: str) -> Proposal:
    _require_moderator(by, proposal.budget_round)
    reason = _public_reason(reason)
    with transaction.atomic():
        proposal.status = ProposalStatus.HIDDEN
        proposal.hidden_reason = reason
        # A hidden proposal's image is deleted, not kept at its address: the page shows only
        # the reason, and there is no way back from hiding that would need the file.
        image_deleted = _drop_image(proposal)
        proposal.save(update_fields=["status", "hidden_reason", "image", "image_alt", "updated_at"])
        resolved = _resolve_reports(
            Report.objects.filter(proposal=proposal, comment=None), by, ReportResolution.HIDDEN
        )
        # The reason is kept on the proposal (shown publicly, forgotten with it), never in the
        # append-only log, where a name or personnummer typed into it would stay for ever.
        record(
            by,
            "proposal.hidden",
            proposal,
            reason_length=len(reason),
            reports_resolved=resolved,
            image_deleted=image_deleted,
        )
    return proposal


def hide_comment(*, by, comment: Comment, reason: str) -> Comment:
    proposal = comment.proposal
    _require_moderator(by, proposal.budget_round)
    reason = _public_reason(reason)
    with transaction.atomic():
        comment.is_hidden = True
        comment.hidden_reason = reason
        comment.save(update_fields=["is_hidden", "hidden_reason", "updated_at"])
        resolved = _resolve_reports(comment.reports.all(), by, ReportResolution.HIDDEN)
        record(
            by,
            "comment.hidden",
            comment,
            round_id=proposal.budget_round_id,
            reason_length=len(reason),  # the text stays on the comment, not in the log
            reports_resolved=resolved,
        )
    return comment


def hide_reported(*, by, report: Report, reason: str):
    """Hide what the report points at: the comment if there is one, else the proposal."""
    if report.resolved_at is not None:
        raise Conflict(_("This report has already been handled."))
    reportable = report.reportable
    if reportable is not None:
        if report.target is None:
            raise Conflict(_("The reported content no longer exists."))
        return reportable.hide(by=by, obj=report.target, reason=reason)
    if report.comment_id:
        return hide_comment(by=by, comment=report.comment, reason=reason)
    return hide_proposal(by=by, proposal=report.proposal, reason=reason)


def dismiss_report(*, by, report: Report) -> Report:
    _require_moderator(by, BudgetRound.objects.get(pk=report.process_id_of))
    if report.resolved_at is not None:
        raise Conflict(_("This report has already been handled."))
    with transaction.atomic():
        report.resolved_at = timezone.now()
        report.resolved_by = by
        report.resolution = ReportResolution.DISMISSED
        report.save(update_fields=["resolved_at", "resolved_by", "resolution", "updated_at"])
        record(by, "report.dismissed", report, round_id=report.process_id_of)
    return report


def merge_proposals(*, by, source: Proposal, target: Proposal) -> Proposal:
    """Merge a duplicate (source) into target: the source's supports move over, once each."""
    require("proposals.merge_proposal", by, source)
    if source.pk == target.pk or source.budget_round_id != target.budget_round_id:
        raise InvalidInput(_("Choose another proposal in the same round."), field="target")
    if source.status != ProposalStatus.PUBLISHED or target.status != ProposalStatus.PUBLISHED:
        raise Conflict(_("Only proposals that are still in the running can be merged."))
    with transaction.atomic():
        already = Support.objects.filter(proposal=target).values("user")
        moved = Support.objects.filter(proposal=source).exclude(user__in=already)
        moved_count = moved.update(proposal=target)
        Support.objects.filter(proposal=source).delete()
        source.status = ProposalStatus.MERGED
        source.merged_into = target
        source.save(update_fields=["status", "merged_into", "updated_at"])
        _recount_supports(source, target)
        record(by, "proposal.merged", source, into=target.pk, supports_moved=moved_count)
        following.record(
            source,
            "proposal.merged",
            title=source.title,
            summary=target.title,  # the proposal it lives on in; the link goes there
            path=target.get_absolute_url(),
            process=source.budget_round,
        )
    return target
