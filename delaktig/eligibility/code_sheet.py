"""Printable code sheets: A4 pages of slips to cut apart, one person and one code per slip.

Each slip has the person's name, area or group, the code, a QR code of the personal link and
short instructions in Swedish, for school classes and workplaces without e-mail. The codes
exist in clear only in this PDF, made when the codes are issued; it is not stored.
"""

import io

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
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


def _draw_qr(pdf, url, x, y):
    widget = QrCodeWidget(url, barLevel="M")
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(
        QR_SIZE,
        QR_SIZE,
        transform=[QR_SIZE / (right - left), 0, 0, QR_SIZE / (top - bottom), 0, 0],
    )
    drawing.add(widget)
    renderPDF.draw(drawing, pdf, x, y)


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
