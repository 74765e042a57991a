"""The decision, the projects and their status rules (services)."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from delaktig.audit.models import AuditEvent
from delaktig.core.errors import Conflict, InvalidInput, NotAllowed
from delaktig.following.models import Event

from .. import services
from ..models import Decision, Project, ProjectStatus, ProjectUpdate, StatusChange
from .factories import decided_round, decision_data, round_with_result

pytestmark = pytest.mark.django_db
S = ProjectStatus


def _data(project, **changes):
    values = {
        "title": project.title,
        "description": project.description,
        "unit_id": None,
        "responsible_id": None,
        "planned_start": None,
        "planned_end": None,
        "budgeted_cost": project.budgeted_cost,
        "actual_cost": None,
        "progress": None,
    }
    values.update(changes)
    return services.ProjectData(**values)


# --- The decision ---


def test_no_decision_before_a_published_result(official):
    budget_round, _p, winners = round_with_result(official, phase="result", publish=False)
    with pytest.raises(NotAllowed, match="resultatet"):
        services.save_decision(by=official, budget_round=budget_round, data=decision_data(winners))
    assert not Decision.objects.exists()


def test_a_resident_cannot_record_the_decision(official, resident):
    budget_round, _p, winners = round_with_result(official)
    with pytest.raises(NotAllowed):
        services.save_decision(by=resident, budget_round=budget_round, data=decision_data(winners))


def test_an_official_of_another_round_cannot(official):
    from delaktig.accounts.tests.factories import UserFactory

    budget_round, _p, winners = round_with_result(official)
    budget_round.officials.add(official)
    budget_round = type(budget_round).objects.get(pk=budget_round.pk)
    stranger = UserFactory(is_official=True)
    with pytest.raises(NotAllowed, match="handläggare"):
        services.save_decision(by=stranger, budget_round=budget_round, data=decision_data(winners))


def test_a_deviation_without_a_reason_is_refused_and_nothing_saved(official):
    budget_round, proposals, winners = round_with_result(official)
    other = {p.pk for p in proposals.values()} - winners
    with pytest.raises(InvalidInput, match="skiljer sig") as error:
        services.save_decision(
            by=official,
            budget_round=budget_round,
            data=decision_data(winners | other),
        )
    assert error.value.field == "deviation_reason"
    assert not Decision.objects.exists()
    decision = services.save_decision(
        by=official,
        budget_round=budget_round,
        data=decision_data(winners | other, deviation_reason="Extra pengar från nämnden."),
    )
    assert decision.deviation_reason == "Extra pengar från nämnden."
    assert set(decision.funded.values_list("pk", flat=True)) == winners | other


def test_a_reason_is_dropped_when_the_decision_follows_the_count(official):
    budget_round, _p, winners = round_with_result(official)
    decision = services.save_decision(
        by=official,
        budget_round=budget_round,
        data=decision_data(winners, deviation_reason="Onödig"),
    )
    assert decision.deviation_reason == ""


def test_the_decision_funds_only_proposals_on_the_ballot(official):
    from delaktig.proposals.tests.factories import ProposalFactory

    budget_round, _p, winners = round_with_result(official)
    stranger = ProposalFactory(budget_round=budget_round)
    with pytest.raises(InvalidInput, match="röstsedeln"):
        services.save_decision(
            by=official,
            budget_round=budget_round,
            data=decision_data(winners | {stranger.pk}, deviation_reason="x"),
        )


def test_publishing_tells_followers_and_freezes_the_decision(official):
    budget_round, _p, winners = round_with_result(official)
    services.save_decision(by=official, budget_round=budget_round, data=decision_data(winners))
    services.publish_decision(by=official, budget_round=budget_round)
    assert Event.objects.filter(kind="decision.published", process=budget_round).count() == 1
    assert AuditEvent.objects.filter(action="followup.decision_published").count() == 1
    with pytest.raises(NotAllowed, match="publicerat"):
        services.save_decision(by=official, budget_round=budget_round, data=decision_data(winners))
    with pytest.raises(NotAllowed):
        services.publish_decision(by=official, budget_round=budget_round)


def test_a_future_date_is_refused(official):
    budget_round, _p, winners = round_with_result(official)
    with pytest.raises(InvalidInput):
        services.save_decision(
            by=official,
            budget_round=budget_round,
            data=decision_data(
                winners, decided_on=timezone.localdate() + datetime.timedelta(days=30)
            ),
        )


# --- Projects ---


def test_projects_are_created_from_the_funded_proposals_once(official):
    budget_round, _proposals, projects = decided_round(official)
    funded = budget_round.decision.funded.all()
    assert {p.proposal_id for p in projects} == {p.pk for p in funded}
    for project in projects:
        assert project.budgeted_cost == project.proposal.assessment.official_cost
        assert project.status == S.PLANNED
    assert services.create_projects(by=official, budget_round=budget_round) == []
    assert AuditEvent.objects.filter(action="followup.project_created").count() == len(projects)


def test_no_projects_before_the_decision_is_published(official):
    budget_round, _p, winners = round_with_result(official)
    services.save_decision(by=official, budget_round=budget_round, data=decision_data(winners))
    with pytest.raises(NotAllowed, match="beslutet"):
        services.create_projects(by=official, budget_round=budget_round)


def test_end_before_start_and_progress_over_100_are_refused(official):
    _r, _p, projects = decided_round(official)
    project = projects[0]
    with pytest.raises(InvalidInput, match="slut") as error:
        services.update_project(
            by=official,
            project=project,
            data=_data(
                project,
                planned_start=datetime.date(2026, 5, 1),
                planned_end=datetime.date(2026, 4, 1),
            ),
        )
    assert error.value.field == "planned_end"
    with pytest.raises(InvalidInput, match="100"):
        services.update_project(by=official, project=project, data=_data(project, progress=101))
    with pytest.raises(InvalidInput):
        services.update_project(by=official, project=project, data=_data(project, actual_cost=-5))
    project.refresh_from_db()
    assert project.planned_start is None and project.progress is None


def test_changes_are_audited_with_old_and_new_values(official):
    _r, _p, projects = decided_round(official)
    project = projects[0]
    services.update_project(
        by=official, project=project, data=_data(project, actual_cost=12_000, progress=40)
    )
    event = AuditEvent.objects.get(action="followup.project_changed")
    assert event.data["changes"] == {"actual_cost": [None, 12_000], "progress": [None, 40]}


def test_responsible_must_be_an_official(official, resident):
    _r, _p, projects = decided_round(official)
    with pytest.raises(InvalidInput):
        services.update_project(
            by=official, project=projects[0], data=_data(projects[0], responsible_id=resident.pk)
        )


# --- Status rules ---


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ([S.ONGOING], True),
        ([S.DELAYED], True),
        ([S.CANCELLED], True),
        ([S.DONE], False),  # klar only after it has started
        ([S.ONGOING, S.DONE], True),
        ([S.ONGOING, S.DELAYED, S.ONGOING], True),
        ([S.ONGOING, S.DELAYED, S.DONE], True),
        ([S.ONGOING, S.PLANNED], False),  # no way back to planned
        ([S.ONGOING, S.DONE, S.ONGOING], False),  # done is final
        ([S.CANCELLED, S.ONGOING], False),  # nothing after cancelled
        ([S.ONGOING, S.CANCELLED, S.DONE], False),
    ],
)
def test_status_transitions(official, path, allowed):
    _r, _p, projects = decided_round(official)
    project = projects[0]
    *before, last = path
    for status in before:
        project = services.change_status(by=official, project=project, status=status, reason="Skäl")
    if allowed:
        project = services.change_status(by=official, project=project, status=last, reason="Skäl")
        assert project.status == last
    else:
        with pytest.raises(Conflict):
            services.change_status(by=official, project=project, status=last, reason="Skäl")
        project.refresh_from_db()
        assert project.status == (before[-1] if before else S.PLANNED)


@pytest.mark.parametrize("status", [S.DELAYED, S.CANCELLED])
def test_delayed_and_cancelled_need_a_public_reason(official, status):
    _r, _p, projects = decided_round(official)
    with pytest.raises(InvalidInput, match="varför") as error:
        services.change_status(by=official, project=projects[0], status=status, reason="  ")
    assert error.value.field == "reason"
    projects[0].refresh_from_db()
    assert projects[0].status == S.PLANNED
    assert StatusChange.objects.filter(project=projects[0]).count() == 1  # the creation only
    assert not Event.objects.filter(kind="project.status").exists()


def test_a_status_change_is_audited_on_the_timeline_and_told(official):
    _r, _p, projects = decided_round(official)
    project = services.change_status(
        by=official, project=projects[0], status=S.DELAYED, reason="Leverantören är sen."
    )
    assert project.status_reason == "Leverantören är sen."
    change = StatusChange.objects.filter(project=project).first()
    assert (change.previous, change.status, change.reason) == (
        S.PLANNED,
        S.DELAYED,
        "Leverantören är sen.",
    )
    assert AuditEvent.objects.filter(action="followup.status_changed").count() == 1
    assert Event.objects.get(kind="project.status").path.endswith(f"/{project.pk}/")
    project = services.change_status(by=official, project=project, status=S.ONGOING)
    assert project.status_reason == ""
    project = services.change_status(by=official, project=project, status=S.DONE)
    assert project.progress == 100


# --- Updates ---


def _update(**changes):
    values = {
        "title": "Bygget har börjat",
        "body": "Grävarna är på plats.",
        "dated": datetime.date(2026, 3, 1),
    }
    values.update(changes)
    return services.UpdateData(**values)


def test_an_update_is_a_draft_until_published(official):
    _r, _p, projects = decided_round(official)
    update = services.save_update(by=official, project=projects[0], data=_update())
    assert update.published_at is None
    assert not Event.objects.filter(kind="project.update").exists()
    services.publish_update(by=official, update=update)
    update.refresh_from_db()
    assert update.published_at is not None
    assert Event.objects.filter(kind="project.update").count() == 1
    with pytest.raises(Conflict):
        services.publish_update(by=official, update=update)


def test_no_update_to_a_cancelled_project(official):
    _r, _p, projects = decided_round(official)
    draft = services.save_update(by=official, project=projects[0], data=_update())
    project = services.change_status(
        by=official, project=projects[0], status=S.CANCELLED, reason="Marken är förorenad."
    )
    with pytest.raises(Conflict, match="avbrutet"):
        services.save_update(by=official, project=project, data=_update())
    with pytest.raises(Conflict, match="avbrutet"):
        services.publish_update(by=official, update=draft)
    with pytest.raises(Conflict, match="avbrutet"):
        services.update_project(by=official, project=project, data=_data(project, progress=5))
    assert ProjectUpdate.objects.filter(published_at__isnull=False).count() == 0


def test_a_photo_needs_alt_text(official):
    _r, _p, projects = decided_round(official)
    photo = ContentFile(b"x", name="image.jpg")
    with pytest.raises(InvalidInput, match="alt"):
        services.save_update(by=official, project=projects[0], data=_update(photos=((photo, " "),)))
    assert not ProjectUpdate.objects.exists()


def test_a_resident_cannot_post_updates(official, resident):
    _r, _p, projects = decided_round(official)
    with pytest.raises(NotAllowed):
        services.save_update(by=resident, project=projects[0], data=_update())
    with pytest.raises(NotAllowed):
        services.change_status(by=resident, project=projects[0], status=S.ONGOING)


def test_a_draft_can_be_deleted_a_published_update_not(official):
    _r, _p, projects = decided_round(official)
    draft = services.save_update(by=official, project=projects[0], data=_update())
    services.delete_draft(by=official, update=draft)
    assert not ProjectUpdate.objects.exists()
    published = services.save_update(by=official, project=projects[0], data=_update(), publish=True)
    with pytest.raises(Conflict):
        services.delete_draft(by=official, update=published)


def test_projects_are_project_rows(official):
    _r, _p, projects = decided_round(official)
    assert Project.objects.count() == len(projects) >= 1
