"""The report's blocks as HTML: one template per block kind. The same HTML is shown in the
preview, frozen into a published version and turned into the PDF."""

from django.template.loader import render_to_string

from delaktig.core.markdown import render_markdown

from .models import BlockKind


def blocks_of(report):
    return list(report.blocks.select_related("theme").prefetch_related("quotes").all())


def render_block(block) -> str:
    context = {"block": block, "body": render_markdown(block.body)}
    if block.kind == BlockKind.THEME:
        context["quotes"] = [q for q in block.quotes.all() if q.checked_at is not None]
    return render_to_string(f"dialogue/blocks/{block.kind}.html", context)


def render_report(report) -> str:
    return "\n".join(render_block(block) for block in blocks_of(report))
