"""The council report as an accessible tagged PDF (PDF/UA-1), from the same HTML pieces as
the dialogue report's PDF (dialogue/pdf.py): WeasyPrint writes the structure tree, the
document's language and title, headings, table headers and alternative texts."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .contents import Contents


def report_html(contents: Contents, *, number: int, made_at=None) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "council/report_pdf.html",
            {
                "c": contents,
                "round": contents.budget_round,
                "number": number,
                "made_at": made_at or timezone.now(),
                "municipality": settings.MUNICIPALITY_NAME,
            },
        )


def report_pdf(contents: Contents, *, number: int, made_at=None) -> bytes:
    import weasyprint  # imported here: it loads Pango, which only the task needs

    from delaktig.dialogue import pdf as dialogue_pdf  # noqa: F401 (quietens WeasyPrint's log)

    html = report_html(contents, number=number, made_at=made_at)
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        pdf_variant="pdf/ua-1"
    )
