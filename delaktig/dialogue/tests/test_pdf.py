import pytest

from .. import services
from ..models import BlockKind
from ..pdf import report_pdf
from ..services import BlockData
from .factories import dialogue_with_quote

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
    assert pdf.startswith(b"%PDF") and report_pdf(version).startswith(b"%PDF")


def test_the_pdf_structure_has_language_title_and_headings(official):
    import weasyprint

    process, _theme, _quote = dialogue_with_quote()
    report = services.report_for(process)
    services.add_block(by=official, report=report, data=BlockData(BlockKind.NEXT_STEPS, body="X"))
    version = services.publish_version(by=official, report=report)
    from django.template.loader import render_to_string

    html = render_to_string(
        "dialogue/report_pdf.html", {"version": version, "process": process, "municipality": "K"}
    )
    pdf = weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=True)
    for marker in (b"/StructTreeRoot", b"/Lang (sv)", b"/MarkInfo", b"/H1", b"/H2", b"/Title"):
        assert marker in pdf, marker
