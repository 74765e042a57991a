"""The published report as an accessible PDF (Swedish law on accessibility covers published
documents): WeasyPrint's PDF/UA-1 variant writes a tagged PDF with the document's language,
title, headings, table headers and alternative texts from the same HTML the page shows."""

import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

# WeasyPrint's progress lines ("Step 6 - Creating PDF") are not worth a log line each.
logging.getLogger("weasyprint").setLevel(logging.WARNING)


def report_pdf(version) -> bytes:
    import weasyprint  # imported here: it loads Pango, which only this task needs

    process = version.report.process
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "dialogue/report_pdf.html",
            {"version": version, "process": process, "municipality": settings.MUNICIPALITY_NAME},
        )
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        pdf_variant="pdf/ua-1"
    )
