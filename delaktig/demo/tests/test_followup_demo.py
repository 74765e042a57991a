"""The demo's follow-up: Nässjö decided with projects in every status, Säter 2020 under way."""

import pytest
from django.core.management import call_command
from PIL import Image

from delaktig.followup.models import Project, ProjectStatus, UpdatePhoto
from delaktig.processes.models import BudgetRound

pytestmark = pytest.mark.django_db


def test_the_demo_follows_up_nassjo_and_sater():
    call_command("load_demo")
    nassjo = BudgetRound.objects.get(name="Medborgarbudget Nässjö 2025")
    assert nassjo.decision.published_at is not None
    assert nassjo.current_phase_kind() == "follow_up"
    projects = Project.objects.filter(budget_round=nassjo)
    assert set(projects.values_list("status", flat=True)) == set(ProjectStatus.values)
    for status in (ProjectStatus.DELAYED, ProjectStatus.CANCELLED):
        assert projects.get(status=status).status_reason
    photos = UpdatePhoto.objects.filter(update__project__budget_round=nassjo)
    assert photos.exists()
    with photos.first().image.open("rb") as f, Image.open(f) as image:
        assert not image.getexif()
    sater = BudgetRound.objects.get(name="Medarbetarbudget 2020 – du vet bäst")
    assert sater.decision.published_at is not None
    statuses = set(Project.objects.filter(budget_round=sater).values_list("status", flat=True))
    assert statuses == {ProjectStatus.ONGOING}
    # The 2021 round is still open for voting (the demo's voting journey).
    assert (
        BudgetRound.objects.get(name__startswith="Medarbetarbudget 2021").current_phase_kind()
        == "vote"
    )
