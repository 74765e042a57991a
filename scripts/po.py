"""Small helper for translators.

    python scripts/po.py todo FILE.po           list untranslated or fuzzy msgids as JSON
    python scripts/po.py fill FILE.po T.json    set msgstr from a JSON object {msgid: msgstr}

For plural entries give a list of strings. English catalogues are filled with the msgid.
"""

import json
import sys

import polib


def todo(path):
    po = polib.pofile(path)
    missing = {e.msgid: "" for e in po if not e.translated() or "fuzzy" in e.flags}
    print(json.dumps(missing, ensure_ascii=False, indent=1))


def fill(path, translations_path):
    po = polib.pofile(path)
    with open(translations_path, encoding="utf-8") as f:
        translations = json.load(f)
    for entry in po:
        if entry.msgid in translations:
            value = translations[entry.msgid]
            if entry.msgid_plural:
                entry.msgstr_plural = dict(enumerate(value))
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.save()


if __name__ == "__main__":
    {"todo": todo, "fill": fill}[sys.argv[1]](*sys.argv[2:])
