"""How long a printable code sheet takes: 1 000 voting codes, as for a large school.

The task queue makes the sheet, in the transaction that issues the codes, and keeps it
encrypted until the official downloads it once. Prints seconds for the sheet as Delaktig draws
it (segno's QR matrix, one path per code) and, as the reference, with reportlab's own QR
widget, which the first version used.

    .venv/bin/python bench/code_sheet.py [--codes 1000]
"""

import argparse
import os
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")


def reportlab_widget(pdf, url, x, y):
    """The reference: reportlab's QrCodeWidget in a Drawing (a shape per module)."""
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    from delaktig.eligibility.code_sheet import QR_SIZE

    widget = QrCodeWidget(url, barLevel="M")
    left, bottom, right, top = widget.getBounds()
    scale = [QR_SIZE / (right - left), 0, 0, QR_SIZE / (top - bottom), 0, 0]
    drawing = Drawing(QR_SIZE, QR_SIZE, transform=scale)
    drawing.add(widget)
    renderPDF.draw(drawing, pdf, x, y)


def timed(make, *args) -> tuple[float, int]:
    start = time.perf_counter()
    pdf = make(*args)
    return time.perf_counter() - start, len(pdf)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--codes", type=int, default=1000)
    args = parser.parse_args()
    import django

    django.setup()
    from delaktig.core.codes import VOTING_CODE
    from delaktig.eligibility import code_sheet

    budget_round = SimpleNamespace(name="Ungas park i Torsby 2026")
    issued = [
        SimpleNamespace(
            invitation=SimpleNamespace(name=f"Elev {i:04d} Svensson", area=None, group="Klass 7B"),
            code=VOTING_CODE.generate(),
        )
        for i in range(args.codes)
    ]
    ours, size = timed(code_sheet.code_sheet_pdf, budget_round, issued)
    with mock.patch.object(code_sheet, "_draw_qr", reportlab_widget):
        reference, ref_size = timed(code_sheet.code_sheet_pdf, budget_round, issued)
    print(
        f"code sheet, {args.codes} codes: {ours:.2f} s ({ours * 1000 / args.codes:.1f} ms a code, "
        f"{size // 1024} KB); reportlab QR widget {reference:.2f} s ({ref_size // 1024} KB); "
        f"{reference / ours:.1f}x faster"
    )


if __name__ == "__main__":
    main()
