"""Writes of the follow-up: the decision, the projects, their status and their updates.

Every service takes the actor first, runs in one transaction, asks the same permission the
page asks, raises a `DomainError` with a Swedish sentence, writes an audit event and, where
followers care, a `following` event in the same transaction (so nobody is told of a change
that was rolled back).

Project status transitions (`ALLOWED`):

    planerad  → pågår, försenad, avbruten
    pågår     → klar, försenad, avbruten
    försenad  → pågår, klar, avbruten
    klar      → (none: a finished project stays finished)
    avbruten  → (none: nothing happens to a cancelled project)

"klar" is reached only from a project that has started (pågår or försenad), and sets the
progress to 100 %. "försenad" and "avbruten" need a public reason.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from delaktig.audit.services import record as audit
from delaktig.core.errors import Conflict, InvalidInput
from delaktig.core.permissions import require
from delaktig.following.services import record as tell_followers

from . import queries
from .caching import forget_overview
from .models import (
    NEEDS_REASON,
    Decision,
    Project,
    ProjectStatus,
    ProjectUpdate,
    StatusChange,
    UpdateDocument,
    UpdatePhoto,
)

S = ProjectStatus
ALLOWED: dict[str, set[str]] = {
    S.PLANNED: {S.ONGOING, S.DELAYED, S.CANCELLED},
    S.ONGOING: {S.DONE, S.DELAYED, S.CANCELLED},
    S.DELAYED: {S.ONGOING, S.DONE, S.CANCELLED},
    S.DONE: set(),
    S.CANCELLED: set(),
}
MAX_COST = 10**12  # kronor: far above any municipality's budget, below the column's limit


# --- The decision -------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionData:
    decided_on: datetime.date
    body: str
    reference: str
    funded_ids: frozenset[int]
    deviation_reason: str = ""


def save_decision(*, by, budget_round, data: DecisionData) -> Decision:
    """Record (or change) the round's decision as a draft. Any difference between the
    proposals it funds and those the published count selected needs a public reason."""
    require("followup.record_decision", by, budget_round)
    candidates = queries.ballot_proposal_ids(budget_round)
    unknown = set(data.funded_ids) - candidates
    if unknown:
        raise InvalidInput(
            _("The decision can only fund proposals that were on the ballot."), field="funded"
        )
    if data.decided_on > timezone.localdate():
        raise InvalidInput(
            _("The date of the decision cannot be in the future."), field="decided_on"
        )
    if not data.body.strip():
        raise InvalidInput(_("Say which body made the decision."), field="body")
    reason = data.deviation_reason.strip()
    counted = queries.counted_winner_ids(budget_round)
    if set(data.funded_ids) != counted and not reason:
        raise InvalidInput(
            _(
                "The decision differs from the counted result. Say publicly why, in the field "
                "for the reason."
            ),
            field="deviation_reason",
        )
    with transaction.atomic():
        decision = Decision.objects.select_for_update().filter(budget_round=budget_round).first()
        if decision is not None and decision.published_at is not None:
            raise Conflict(_("The decision has been published and can no longer be changed."))
        created = decision is None
        decision = decision or Decision(budget_round=budget_round)
        decision.decided_on = data.decided_on
        decision.body = data.body.strip()
        decision.reference = data.reference.strip()
        decision.deviation_reason = reason if set(data.funded_ids) != counted else ""
        decision.recorded_by = by
        decision.save()
        decision.funded.set(data.funded_ids)
        budget_round.decision = decision  # the round's cached decision (rules read it)
        audit(
            by,
            "followup.decision_recorded" if created else "followup.decision_changed",
            decision,
            round_id=budget_round.pk,
            decided_on=str(data.decided_on),
            body=decision.body,
            reference=decision.reference,
            funded=sorted(data.funded_ids),
            deviates=bool(decision.deviation_reason),
        )
    return decision


def publish_decision(*, by, budget_round) -> Decision:
    require("followup.record_decision", by, budget_round)
    with transaction.atomic():
        decision = Decision.objects.select_for_update().filter(budget_round=budget_round).first()
        if decision is None:
            raise Conflict(_("Record the decision before you publish it."))
        if decision.published_at is not None:
            raise Conflict(_("The decision has been published and can no longer be changed."))
        decision.published_at = timezone.now()
        decision.save(update_fields=["published_at", "updated_at"])
        budget_round.decision = decision
        audit(by, "followup.decision_published", decision, round_id=budget_round.pk)
        forget_overview(budget_round.pk)
        tell_followers(
            budget_round,
            "decision.published",
            title=_("%(body)s has decided which proposals are carried out")
            % {"body": decision.body},
            summary=decision.deviation_reason,
            path=reverse("followup:overview", kwargs={"slug": budget_round.slug}),
            process=budget_round,
        )
    return decision


# --- Projects -----------------------------------------------------------------------------


def create_projects(*, by, budget_round) -> list[Project]:
    """One project for each proposal the published decision funds that has none yet, with
    the proposal's title, description and cost (the case officers' cost where they gave one)
    as its budget. Running it again creates only the missing ones."""
    require("followup.manage_projects", by, budget_round)
    with transaction.atomic():
        decision = Decision.objects.select_for_update().get(budget_round=budget_round)
        proposals = list(
            decision.funded.filter(project__isnull=True)
            .select_related("area", "assessment")
            .order_by("title", "pk")
        )
        now = timezone.now()
        created = []
        for proposal in proposals:
            assessment = getattr(proposal, "assessment", None)
            cost = (
                assessment.official_cost
                if assessment is not None and assessment.official_cost is not None
                else proposal.estimated_cost
            )
            project = Project.objects.create(
                budget_round=budget_round,
                proposal=proposal,
                title=proposal.title[:200],
                description=proposal.description,
                budgeted_cost=cost,
                status_changed_at=now,
            )
            StatusChange.objects.create(
                project=project, status=S.PLANNED, changed_at=now, changed_by=by
            )
            audit(by, "followup.project_created", project, proposal=proposal.pk, budget=cost)
            created.append(project)
        forget_overview(budget_round.pk)
    return created


@dataclass(frozen=True)
class ProjectData:
    title: str
    description: str
    unit_id: int | None
    responsible_id: int | None
    planned_start: datetime.date | None
    planned_end: datetime.date | None
    budgeted_cost: int
    actual_cost: int | None
    progress: int | None


_AUDITED = (
    "title",
    "description",
    "unit_id",
    "responsible_id",
    "planned_start",
    "planned_end",
    "budgeted_cost",
    "actual_cost",
    "progress",
)


def _check_project_data(data: ProjectData) -> None:
    if not data.title.strip():
        raise InvalidInput(_("Give the project a title."), field="title")
    if data.planned_start and data.planned_end and data.planned_end < data.planned_start:
        raise InvalidInput(
            _("The planned end cannot be before the planned start."), field="planned_end"
        )
    for field, value in (("budgeted_cost", data.budgeted_cost), ("actual_cost", data.actual_cost)):
        if value is not None and not 0 <= value <= MAX_COST:
            raise InvalidInput(_("Write the cost as a whole number of kronor."), field=field)
    if data.progress is not None and not 0 <= data.progress <= 100:
        raise InvalidInput(_("Progress is a per cent between 0 and 100."), field="progress")


def update_project(*, by, project: Project, data: ProjectData) -> Project:
    """Change a project's details. A cancelled project does not change any more."""
    require("followup.manage_projects", by, project.budget_round)
    _check_project_data(data)
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        if project.status == S.CANCELLED:
            raise Conflict(_("The project is cancelled and can no longer be changed."))
        if (
            data.responsible_id is not None
            and not queries.officials().filter(pk=data.responsible_id).exists()
        ):
            raise InvalidInput(
                _("Choose a case officer as the responsible official."), field="responsible"
            )
        before = {f: getattr(project, f) for f in _AUDITED}
        for field in _AUDITED:
            value = getattr(data, field)
            setattr(project, field, value.strip() if isinstance(value, str) else value)
        changes = {
            f: [_plain(before[f]), _plain(getattr(project, f))]
            for f in _AUDITED
            if before[f] != getattr(project, f)
        }
        if changes:
            project.save()
            audit(by, "followup.project_changed", project, changes=changes)
            forget_overview(project.budget_round_id)
    return project


def _plain(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def change_status(*, by, project: Project, status: str, reason: str = "") -> Project:
    """Move a project to `status` if the transition is allowed (see the module's docstring),
    with the public reason "delayed" and "cancelled" need."""
    require("followup.manage_projects", by, project.budget_round)
    if status not in S.values:
        raise InvalidInput(_("Choose a status."), field="status")
    reason = reason.strip()
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        current = project.status
        if status == current and status not in NEEDS_REASON:
            raise Conflict(_("The project already has this status."), field="status")
        if status != current and status not in ALLOWED[current]:
            raise Conflict(transition_refusal(current, status), field="status")
        if status in NEEDS_REASON and not reason:
            raise InvalidInput(
                _("Say publicly why the project is %(status)s.")
                % {"status": S(status).label.lower()},
                field="reason",
            )
        now = timezone.now()
        project.status = status
        project.status_reason = reason if status in NEEDS_REASON else ""
        project.status_changed_at = now
        if status == S.DONE:
            project.progress = 100
        project.save()
        StatusChange.objects.create(
            project=project,
            status=status,
            previous=current,
            reason=project.status_reason,
            changed_at=now,
            changed_by=by,
        )
        forget_overview(project.budget_round_id)
        audit(
            by,
            "followup.status_changed",
            project,
            previous=current,
            status=status,
            reason=project.status_reason,
        )
        tell_followers(
            project,
            "project.status",
            title=_("%(project)s: %(status)s")
            % {"project": project.title, "status": S(status).label},
            summary=project.status_reason,
            path=project_path(project),
            process=project.budget_round,
        )
    return project


def transition_refusal(current: str, status: str) -> str:
    if current == S.CANCELLED:
        return _("The project is cancelled. Its status can no longer change.")
    if current == S.DONE:
        return _("The project is done. Its status can no longer change.")
    if status == S.DONE:
        return _("A project can be done only after it has started. Set it to under way first.")
    return _("A project cannot go from %(current)s to %(status)s.") % {
        "current": S(current).label.lower(),
        "status": S(status).label.lower(),
    }


def project_path(project: Project) -> str:
    return reverse("followup:project", kwargs={"slug": project.budget_round.slug, "pk": project.pk})


# --- Progress updates ---------------------------------------------------------------------


@dataclass(frozen=True)
class UpdateData:
    title: str
    body: str
    dated: datetime.date
    # (re-encoded image file, alt text) and (checked PDF upload, title): checked by the form.
    photos: tuple = ()
    documents: tuple = ()


def _refuse_cancelled(project: Project) -> None:
    if project.status == S.CANCELLED:
        raise Conflict(_("The project is cancelled. No more updates can be posted about it."))


def save_update(*, by, project: Project, data: UpdateData, publish: bool = False) -> ProjectUpdate:
    """A new progress update, kept as a draft unless `publish`. Photos must be re-encoded
    (files.checked_photo) and documents checked (files.check_pdf) before they come here."""
    require("followup.manage_projects", by, project.budget_round)
    if not data.title.strip():
        raise InvalidInput(_("Give the update a heading."), field="title")
    if not data.body.strip():
        raise InvalidInput(_("Write what has happened."), field="body")
    if data.dated > timezone.localdate():
        raise InvalidInput(_("The date cannot be in the future."), field="dated")
    for _image, alt in data.photos:
        if not alt.strip():
            raise InvalidInput(
                _("Describe the photo for people who cannot see it (alt text)."), field="photo_alt"
            )
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        _refuse_cancelled(project)
        update = ProjectUpdate.objects.create(
            project=project,
            title=data.title.strip(),
            body=data.body.strip(),
            dated=data.dated,
            author=by,
        )
        for position, (image, alt) in enumerate(data.photos):
            UpdatePhoto.objects.create(
                update=update, image=image, alt=alt.strip(), position=position
            )
        for upload, title in data.documents:
            UpdateDocument.objects.create(
                update=update,
                file=upload,
                title=(title.strip() or _("Document"))[:200],
                size=upload.size or 0,
            )
        audit(
            by,
            "followup.update_drafted",
            update,
            round_id=project.budget_round_id,
            project=project.pk,
            photos=len(data.photos),
            documents=len(data.documents),
        )
        if publish:
            _publish(by, project, update)
    return update


def publish_update(*, by, update: ProjectUpdate) -> ProjectUpdate:
    require("followup.manage_projects", by, update.project.budget_round)
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=update.project_id)
        update = ProjectUpdate.objects.select_for_update().get(pk=update.pk)
        if update.published_at is not None:
            raise Conflict(_("The update is already published."))
        _refuse_cancelled(project)
        _publish(by, project, update)
    return update


def _publish(by, project: Project, update: ProjectUpdate) -> None:
    update.published_at = timezone.now()
    update.save(update_fields=["published_at", "updated_at"])
    forget_overview(project.budget_round_id)  # its "latest update" column
    project.save(update_fields=["updated_at"])  # a new version of its timeline (caching.py)
    audit(
        by,
        "followup.update_published",
        update,
        round_id=project.budget_round_id,
        project=project.pk,
    )
    tell_followers(
        project,
        "project.update",
        title=f"{project.title}: {update.title}",
        summary=update.body[:500],
        path=project_path(project) + f"#uppdatering-{update.pk}",
        process=project.budget_round,
    )


def delete_draft(*, by, update: ProjectUpdate) -> None:
    """A draft can be thrown away; a published update stays on the public record."""
    require("followup.manage_projects", by, update.project.budget_round)
    with transaction.atomic():
        update = ProjectUpdate.objects.select_for_update().get(pk=update.pk)
        if update.published_at is not None:
            raise Conflict(_("A published update cannot be deleted."))
        files = [p.image for p in update.photos.all()] + [d.file for d in update.documents.all()]
        audit(
            by,
            "followup.update_deleted",
            update,
            round_id=update.project.budget_round_id,
            project=update.project_id,
        )
        update.delete()
        transaction.on_commit(lambda: [f.delete(save=False) for f in files])
