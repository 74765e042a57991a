"""Printable code sheets: A4 pages of slips to cut apart, one person and one code per slip.

Each slip has the person's name, area or group, the code, a QR code of the personal link and
short instructions in Swedish, for school classes and workplaces without e-mail. The codes
exist in clear only in this PDF, made when the codes are issued; it is not stored.
"""

import io

import segno
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from .links import code_url

SLIPS_PER_PAGE = 4
MARGIN = 10 * mm
QR_SIZE = 42 * mm


def code_sheet_pdf(budget_round, issued) -> bytes:
    """A PDF with one slip per IssuedCode, SLIPS_PER_PAGE slips to an A4 page."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    with translation.override(settings.LANGUAGE_CODE):
        pdf.setTitle(_("Voting codes – %(round)s") % {"round": budget_round.name})
        pdf.setAuthor(settings.MUNICIPALITY_NAME)
        width, height = A4
        slip_height = (height - 2 * MARGIN) / SLIPS_PER_PAGE
        for index, item in enumerate(issued):
            slot = index % SLIPS_PER_PAGE
            if index and slot == 0:
                pdf.showPage()
            top = height - MARGIN - slot * slip_height
            _draw_slip(pdf, budget_round, item, top, width, slip_height)
        if not issued:
            pdf.setFont("Helvetica", 12)
            pdf.drawString(MARGIN, height - MARGIN - 12, _("No codes were issued."))
        pdf.showPage()
        pdf.save()
    return buffer.getvalue()


QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks


def qr_runs(url: str) -> tuple[int, list[tuple[int, int, int]]]:
    """The QR code of `url` as (modules per side, [(row, first column, length)]): one entry
    per horizontal run of dark modules, row 0 at the top, without the quiet zone.

    segno builds the matrix; the slip draws each run as one rectangle of a single path.
    reportlab's own QR widget made a shape per module and took 22 ms a code: 22 s for a
    school of 1 000 (bench/code_sheet.py)."""
    matrix = segno.make_qr(url, error="m", boost_error=False).matrix
    runs = []
    for row, modules in enumerate(matrix):
        column = 0
        while column < len(modules):
            if modules[column]:
                start = column
                while column < len(modules) and modules[column]:
                    column += 1
                runs.append((row, start, column - start))
            else:
                column += 1
    return len(matrix), runs


def _draw_qr(pdf, url, x, y):
    """The QR code of `url` in a QR_SIZE square with its lower left corner at (x, y)."""
    size, runs = qr_runs(url)
    module = QR_SIZE / (size + 2 * QUIET_ZONE)
    top = y + QR_SIZE - QUIET_ZONE * module
    path = pdf.beginPath()
    for row, column, length in runs:
        path.rect(
            x + (QUIET_ZONE + column) * module, top - (row + 1) * module, length * module, module
        )
    pdf.setFillGray(0)
    pdf.drawPath(path, stroke=0, fill=1)


def _draw_slip(pdf, budget_round, item, top, width, slip_height):
    invitation, code = item.invitation, item.code
    pdf.setDash(3, 3)
    pdf.setStrokeGray(0.6)
    pdf.line(MARGIN, top - slip_height, width - MARGIN, top - slip_height)
    pdf.setDash()
    pdf.setStrokeGray(0)
    _draw_qr(pdf, code_url(code), MARGIN, top - 6 * mm - QR_SIZE)
    x = MARGIN + QR_SIZE + 8 * mm
    text_width = width - x - MARGIN
    y = top - 10 * mm
    pdf.setFont("Helvetica", 9)
    pdf.drawString(x, y, budget_round.name[:90])
    y -= 6 * mm
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(x, y, invitation.name[:60])
    where = " · ".join(
        p for p in [invitation.area.name if invitation.area else "", invitation.group] if p
    )
    if where:
        y -= 5 * mm
        pdf.setFont("Helvetica", 10)
        pdf.drawString(x, y, where[:90])
    y -= 8 * mm
    pdf.setFont("Helvetica", 10)
    pdf.drawString(x, y, _("Your voting code:"))
    pdf.setFont("Courier-Bold", 18)
    pdf.drawString(x + 32 * mm, y - 1, code)
    y -= 7 * mm
    pdf.setFont("Helvetica", 9)
    for line in _instructions(budget_round):
        for part in simpleSplit(line, "Helvetica", 9, text_width):
            pdf.drawString(x, y, part)
            y -= 4.2 * mm


def _instructions(budget_round) -> list[str]:
    return [
        _("1. Scan the QR code with the camera of your phone, or go to %(url)s and type the code.")
        % {"url": code_url(None)},
        _("2. Choose the proposals you want and send your vote."),
        _("3. The code is yours alone. You can change your vote until voting closes."),
    ]
