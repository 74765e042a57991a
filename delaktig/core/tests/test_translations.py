"""Swedish is the real text: every Swedish entry is translated and none is fuzzy."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUES = sorted(
    [
        *Path(settings.BASE_DIR, "locale").glob("sv/LC_MESSAGES/*.po"),
        *Path(settings.BASE_DIR, "delaktig").glob("*/locale/sv/LC_MESSAGES/*.po"),
    ]
)


def test_catalogues_exist():
    assert len(CATALOGUES) >= 2


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_swedish_catalogue_is_complete(path):
    po = polib.pofile(str(path))
    missing = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not missing, f"untranslated in {path}: {missing[:10]}"
    assert not fuzzy, f"fuzzy in {path}: {fuzzy[:10]}"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_placeholders_survive_translation(path):
    import re

    pattern = re.compile(r"%\((\w+)\)[sd]")
    for entry in polib.pofile(str(path)).translated_entries():
        if entry.msgid_plural:
            continue
        assert set(pattern.findall(entry.msgid)) == set(pattern.findall(entry.msgstr)), entry.msgid
