"""Memory taken by an XLSX "bomb" invitation file: a file of a few kilobytes whose shared-strings
table unpacks to millions of short strings (finding 10 of the security review, issue 9).

Prints the traced peak memory (tracemalloc) and the time of reading the file as Delaktig read
it before the fix (openpyxl's read-only mode, every row at once) and as `read_table` reads it
now (refused from the archive's directory, before anything is unpacked).

    .venv/bin/python bench/xlsx_bomb.py [--strings 1000000]
"""

import argparse
import io
import os
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")


def measured(read, data) -> tuple[float, float, str]:
    tracemalloc.start()
    start = time.perf_counter()
    try:
        outcome = read(data)
    except Exception as error:  # the outcome is what we print
        outcome = f"refused: {error}"
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6, seconds, outcome


def before(data):
    """The reader before the fix: no size check, the whole sheet read into a list."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    return f"read, {len(rows)} rows"


def after(data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from delaktig.eligibility.tables import read_table

    table = read_table(SimpleUploadedFile("lista.xlsx", data))
    return f"read, {len(table.rows)} rows"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--strings", type=int, default=1_000_000)
    args = parser.parse_args()
    import django

    django.setup()
    from django.utils import translation

    from delaktig.eligibility.tests.bombs import shared_strings_bomb

    data = shared_strings_bomb(args.strings)
    print(f"file: {len(data) / 1000:.0f} KB, {args.strings:,} shared strings")
    with translation.override("en"):
        for name, read in (("before", before), ("after", after)):
            peak, seconds, outcome = measured(read, data)
            print(f"{name:7} peak {peak:8.1f} MB  {seconds:6.2f} s  {outcome[:70]}")


if __name__ == "__main__":
    main()
