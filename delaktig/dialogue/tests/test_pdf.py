import pytest

from .. import services
from ..models import BlockKind
from ..pdf import report_pdf
from ..services import BlockData
from .factories import dialogue_with_quote
from .pdf_check import structure

pytestmark = pytest.mark.django_db


def test_the_published_report_becomes_a_tagged_pdf_in_swedish(
    official, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    process, theme, quote = dialogue_with_quote()
    report = services.report_for(process)
    services.add_block(
        by=official,
        report=report,
        data=BlockData(
            BlockKind.THEME, body="Sammanfattning.", theme_id=theme.pk, quote_ids=(quote.pk,)
        ),
    )
    services.add_block(by=official, report=report, data=BlockData(BlockKind.NEXT_STEPS, body="X"))
    with django_capture_on_commit_callbacks(execute=True):
        version = services.publish_version(by=official, report=report)
    version.refresh_from_db()
    assert version.pdf  # made by the task queue (immediate in tests)
    pdf = version.pdf.read()
    found = structure(pdf)
    assert found["tagged"] and found["language"] == "sv" and found["shows_title"]
    assert found["title"] == version.title
    assert {"/H1", "/H2", "/BlockQuote"} <= found["tags"]
    assert report_pdf(version).startswith(b"%PDF")
