"""A round whose result is published, with its decision and projects, for follow-up tests."""

import io

from django.utils import timezone
from PIL import Image

from delaktig.assessments.models import Assessment
from delaktig.processes.tests.factories import round_in_phase
from delaktig.results import services as results_services
from delaktig.results.tests.factories import box_with_ballots

from .. import services

COSTS = {"A": 30_000, "B": 25_000, "C": 20_000}
BALLOTS = [["A", "B"], ["A"], ["A", "C"], ["B", "C"], ["B"]]


def round_with_result(official, *, phase="follow_up", publish=True, **kwargs):
    """(round, {label: proposal}, winner ids): counted; published unless `publish` is False."""
    budget_round = round_in_phase(phase, total_budget=50_000, **kwargs)
    box, proposals = box_with_ballots(budget_round, costs=COSTS, ballots=BALLOTS)
    Assessment.objects.filter(proposal__in=proposals.values()).update(published_at=timezone.now())
    run = results_services.run_tally(by=official, box=box)
    if publish:
        results_services.publish_result(by=official, budget_round=budget_round)
        budget_round.refresh_from_db()
    winners = {int(pk) for pk in run.outcome["selected"]}
    return budget_round, proposals, winners


def decision_data(winners, **overrides):
    import datetime

    values = {
        "decided_on": datetime.date(2026, 1, 15),
        "body": "Kommunstyrelsen",
        "reference": "KS 2026/12",
        "funded_ids": frozenset(winners),
        "deviation_reason": "",
    }
    values.update(overrides)
    return services.DecisionData(**values)


def decided_round(official, **kwargs):
    """A round with a published decision following the count, and its projects."""
    budget_round, proposals, winners = round_with_result(official, **kwargs)
    services.save_decision(by=official, budget_round=budget_round, data=decision_data(winners))
    services.publish_decision(by=official, budget_round=budget_round)
    projects = services.create_projects(by=official, budget_round=budget_round)
    return budget_round, proposals, projects


def jpeg_with_exif(size=(64, 48)) -> bytes:
    """A JPEG carrying a GPS position and a camera serial number in its EXIF."""
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "Kameratillverkare"  # Make
    exif[0xA431] = "SERIAL-123456"  # BodySerialNumber
    gps = {1: "N", 2: (57.0, 39.0, 0.0), 3: "E", 4: (14.0, 41.0, 0.0)}
    exif[0x8825] = gps  # GPSInfo
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def png_bomb() -> bytes:
    """A one-colour PNG of 100 megapixels in a few hundred kilobytes."""
    buffer = io.BytesIO()
    Image.new("1", (10_000, 10_000), 0).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def small_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
