"""The demo's follow-up (issue 13), through the follow-up's own services:

- Nässjö: kommunstyrelsen's decision following the count, a project for each funded proposal
  in every status (one delayed and one cancelled, with their public reasons), costs,
  progress, and dated progress updates, some with photos drawn here with Pillow and sent
  through the same re-encoding as an upload.
- Säter: "Medarbetarbudget 2020", last year's round of the same unit, counted and decided,
  its projects under way. The 2021 round stays open for voting: the demo's voting journey
  and the browser tests use it.

Time is simulated with processes.timeline.move_to, as for the rounds.
"""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from delaktig.following import services as following
from delaktig.following import tokens as following_tokens
from delaktig.followup import files
from delaktig.followup import queries as followup_queries
from delaktig.followup import services as followup
from delaktig.followup.models import Project, ProjectStatus, StatusChange
from delaktig.processes.timeline import move_to
from delaktig.results import services as results

from . import content

S = ProjectStatus

# For each status the demo shows: (status path, public reason, progress, share of budget spent)
PLAN = [
    ([S.ONGOING, S.DONE], "", 100, 0.97),
    ([S.ONGOING], "", 60, 0.55),
    ([S.ONGOING, S.DELAYED], content.FOLLOWUP_DELAYED_REASON, 35, 0.4),
    ([S.CANCELLED], content.FOLLOWUP_CANCELLED_REASON, None, 0.05),
    ([], "", 0, None),
]
# Colours of the drawn photos: sky, ground, the thing built.
PALETTES = [
    ((135, 190, 235), (110, 160, 80), (200, 80, 50)),
    ((170, 200, 230), (150, 140, 120), (60, 90, 160)),
    ((200, 215, 235), (90, 140, 70), (230, 180, 40)),
]


def _photo(index: int) -> SimpleUploadedFile:
    """A small drawn "photo" of a site (sky, ground, a structure), re-encoded as an upload."""
    sky, ground, thing = PALETTES[index % len(PALETTES)]
    image = Image.new("RGB", (960, 600), sky)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 380, 960, 600), fill=ground)
    left = 180 + 90 * (index % 4)
    draw.rectangle((left, 230, left + 360, 400), fill=thing)
    draw.polygon([(left - 20, 230), (left + 180, 120), (left + 380, 230)], fill=thing)
    draw.ellipse((780, 40, 880, 140), fill=(250, 230, 120))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    upload = SimpleUploadedFile(f"site-{index}.jpg", buffer.getvalue(), content_type="image/jpeg")
    return files.checked_photo(upload)


def _decide(demo, budget_round, *, body, reference, days_ago):
    winners = followup_queries.counted_winner_ids(budget_round)
    followup.save_decision(
        by=demo.official,
        budget_round=budget_round,
        data=followup.DecisionData(
            decided_on=timezone.localdate() - timedelta(days=days_ago),
            body=body,
            reference=reference,
            funded_ids=frozenset(winners),
        ),
    )
    followup.publish_decision(by=demo.official, budget_round=budget_round)
    return followup.create_projects(by=demo.official, budget_round=budget_round)


def _bring_up_to_date(demo, project, plan, index, *, started_days_ago):
    path, reason, progress, spent = plan
    today = timezone.localdate()
    start = today - timedelta(days=started_days_ago)
    followup.update_project(
        by=demo.official,
        project=project,
        data=followup.ProjectData(
            title=project.title,
            description=project.description,
            unit_id=demo.unit.pk,
            responsible_id=demo.official.pk,
            planned_start=start,
            planned_end=start + timedelta(days=120),
            budgeted_cost=project.budgeted_cost,
            actual_cost=round(project.budgeted_cost * spent) if spent is not None else None,
            progress=progress,
        ),
    )
    for status in path:
        project = followup.change_status(
            by=demo.official,
            project=project,
            status=status,
            reason=reason if status in followup.NEEDS_REASON else "",
        )
    _backdate(project, start)
    if project.status in (S.CANCELLED, S.PLANNED):
        return
    updates = content.FOLLOWUP_UPDATES[: 1 + index % len(content.FOLLOWUP_UPDATES)]
    for n, (title, body) in enumerate(updates):
        photos = ()
        if n == 0 and index < 6:
            photos = ((_photo(index), content.FOLLOWUP_PHOTO_ALT.format(title=project.title)),)
        followup.save_update(
            by=demo.official,
            project=project,
            data=followup.UpdateData(
                title=title,
                body=body,
                dated=today - timedelta(days=max(started_days_ago - 5 - 6 * n, 0)),
                photos=photos,
            ),
            publish=True,
        )
    if index % 3 == 1:  # a draft for the official to publish
        title, body = content.FOLLOWUP_DRAFT
        followup.save_update(
            by=demo.official,
            project=project,
            data=followup.UpdateData(title=title, body=body, dated=today),
        )


def _backdate(project, start):
    """Time is simulated: the status changes the services stamped now are spread out, the
    first (planned) on the day before the start, each later one three days on."""
    changes = list(StatusChange.objects.filter(project=project).order_by("changed_at", "id"))
    moment = timezone.now() - (timezone.localdate() - start) - timedelta(days=1)
    for k, change in enumerate(changes):
        change.changed_at = moment + timedelta(days=3 * k)
    StatusChange.objects.bulk_update(changes, ["changed_at"])
    Project.objects.filter(pk=project.pk).update(status_changed_at=changes[-1].changed_at)


def load_nassjo_followup(demo, nassjo):
    """Nässjö after its count: the decision, and its projects in every status."""
    move_to(nassjo, "follow_up", length_days=14)
    projects = _decide(demo, nassjo, body="Kommunstyrelsen", reference="KS 2025/214", days_ago=12)
    for index, project in enumerate(projects):
        plan = PLAN[index] if index < len(PLAN) else (PLAN[0], PLAN[1], PLAN[4])[index % 3]
        _bring_up_to_date(demo, project, plan, index, started_days_ago=11)
    _followers(demo, nassjo, projects)
    return projects


def _followers(demo, nassjo, projects):
    """People who follow Nässjö's follow-up: the participant follows the round and a delayed
    project with their account, residents follow the projects of their own area, and a voter
    without an account follows the round by a confirmed e-mail address (the link's own path,
    without sending the mail)."""
    following.follow(by=demo.participant, target=nassjo)
    delayed = Project.objects.filter(budget_round=nassjo, status=ProjectStatus.DELAYED).first()
    following.follow(by=demo.participant, target=delayed)
    for project in projects:
        area = project.proposal.area if project.proposal else None
        neighbours = demo.residents.get(area.district_id, []) if area else []
        for resident in neighbours[:3]:
            following.follow(by=resident, target=project)
    token = following_tokens.confirm_token(email="rostare@exempel.se", key="process", pk=nassjo.pk)
    following.confirm_email(token=token)


def load_sater_2020(demo):
    """Last year's Säter round: voted, counted, decided, its projects under way."""
    spec = dict(content.SATER, name="Medarbetarbudget 2020 – du vet bäst")
    budget_round = demo.new_round(
        spec, audience="staff", eligibility="unit", budget=spec["budget"], unit=demo.unit
    )
    for i, (title, description, cost) in enumerate(spec["proposals"]):
        demo.propose(budget_round, demo.employees[20 + i], title, description, cost)
    demo.assess_all(budget_round, spec["not_feasible"])
    (box,) = demo.design_ballots(
        budget_round,
        {
            "kind": "knapsack",
            "min_choices": 2,
            "max_cost_per_proposal": 30_000,
            "spending_cap": 50_000,
            "counting_rule": "greedy",
        },
    )
    move_to(budget_round, "vote")
    on_ballot = list(box.proposals.order_by("pk"))
    for voter in demo.employees[:30]:
        demo.cast_within(box, voter, on_ballot, cap=50_000, least=2)
    move_to(budget_round, "result", length_days=14)
    results.run_tally(by=demo.official, box=box)
    results.publish_result(by=demo.official, budget_round=budget_round)
    move_to(budget_round, "follow_up", length_days=14)
    projects = _decide(
        demo, budget_round, body="Samhällsbyggnadssektorns ledningsgrupp", reference="", days_ago=10
    )
    for index, project in enumerate(projects):
        _bring_up_to_date(demo, project, PLAN[1], index + 10, started_days_ago=9)
    return budget_round
