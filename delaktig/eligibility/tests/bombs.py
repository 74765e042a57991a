"""XLSX files made to hurt the reader, built in memory: the tests and bench/xlsx_bomb.py use them.

An XLSX file is a zip archive of XML parts; `[Content_Types].xml` says which part holds the
shared-strings table, whatever its name."""

import io
import random
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHARED_STRINGS_TYPE = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
)


def _xlsx(rows: list[list[str]], shared_strings: tuple[str, bytes] | None = None) -> bytes:
    """A one-sheet workbook as openpyxl writes it, with `rows` as inline strings and, if given,
    a shared-strings part (path, XML) declared in the package's content types."""
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    plain = io.BytesIO()
    workbook.save(plain)
    source = zipfile.ZipFile(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "[Content_Types].xml" and shared_strings:
                override = (
                    f'<Override PartName="/{shared_strings[0]}" '
                    f'ContentType="{SHARED_STRINGS_TYPE}"/></Types>'
                )
                content = content.replace(b"</Types>", override.encode())
            archive.writestr(info.filename, content)
        if shared_strings:
            archive.writestr(shared_strings[0], shared_strings[1])
    return out.getvalue()


def shared_strings_bomb(strings: int = 1_000_000, path: str = "xl/sharedStrings.xml") -> bytes:
    """The attack of the security review: a tiny file whose shared-strings table holds
    `strings` short strings (24 bytes of XML each, packed about 400 times)."""
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'.encode()
        + b"<si><t>aaaaaaaa</t></si>" * strings
        + b"</sst>"
    )
    return _xlsx([["namn"], ["Anna"]], (path, xml))


def random_shared_strings(size: int, path: str = "xl/strings.xml") -> bytes:
    """A shared-strings part of about `size` bytes of short random strings, which packs only a
    few times (so the ratio check lets it through), under a name other than the usual one."""
    rng = random.Random(1)
    letters = "abcdefghijklmnopqrstuvwxyz"
    items = [f"<si><t>{''.join(rng.choices(letters, k=6))}</t></si>" for _ in range(size // 20)]
    xml = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">{"".join(items)}</sst>'
    return _xlsx([["namn"], ["Anna"]], (path, xml.encode()))


def many_rows(rows: int) -> bytes:
    """An invitation list of `rows` people."""
    return _xlsx([["namn"], *([f"Elev {i}"] for i in range(rows))])


def broken_sheet() -> bytes:
    """A workbook whose sheet is not well-formed XML (found only while the rows are read)."""
    source = zipfile.ZipFile(io.BytesIO(many_rows(10)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b"</sheetData>", b"</sheetDat>")
            archive.writestr(info.filename, content)
    return out.getvalue()
