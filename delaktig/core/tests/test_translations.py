"""Swedish is the real text: every Swedish entry is translated and none is fuzzy, and one
English message has one Swedish text across all the catalogues."""

from collections import defaultdict
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse


def catalogues(language):
    return sorted(
        [
            *Path(settings.BASE_DIR, "locale").glob(f"{language}/LC_MESSAGES/*.po"),
            *Path(settings.BASE_DIR, "delaktig").glob(f"*/locale/{language}/LC_MESSAGES/*.po"),
        ]
    )


CATALOGUES = catalogues("sv")


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


@pytest.mark.parametrize("language", ["sv", "en"])
def test_one_text_per_message_across_catalogues(language):
    """Each app keeps its own catalogue, so the same English message can be translated twice.
    A reader must meet one word for one thing (the glossary in docs/architecture.md): where
    two apps mean different things by the same English words, the message gets a context
    (pgettext, `{% translate "…" context "…" %}`)."""
    texts = defaultdict(dict)
    for path in catalogues(language):
        for entry in polib.pofile(str(path)).translated_entries():
            key = (entry.msgctxt, entry.msgid, entry.msgid_plural)
            text = entry.msgstr or tuple(sorted(entry.msgstr_plural.items()))
            texts[key][str(path.relative_to(settings.BASE_DIR))] = text
    disagreements = {
        key: by_file for key, by_file in texts.items() if len(set(by_file.values())) > 1
    }
    assert not disagreements, "\n".join(
        f"{key[1]!r} (context {key[0]!r}): {by_file}" for key, by_file in disagreements.items()
    )


@pytest.mark.django_db
def test_sign_in_and_sign_up_write_e_postadress_not_allauths_epost_adress(client):
    """django-allauth's Swedish says "Epost-adress"; locale_overrides/ corrects it (issue 11)."""
    for name in ("account_login", "account_signup"):
        content = client.get(reverse(name)).content.decode()
        assert "Epost" not in content and "epost" not in content
    assert "E-post" in client.get(reverse("account_signup")).content.decode()


def test_buttons_say_andra_and_ta_bort_not_the_admins_words():
    """Django's admin and allauth translate "Edit" and "Delete" as "Redigera" and "Radera",
    and their catalogues come before the apps'; locale_overrides/ keeps Delaktig's words."""
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override("sv"):
        assert (gettext("Edit"), gettext("Delete")) == ("Ändra", "Ta bort")
