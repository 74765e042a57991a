"""Every app under delaktig/ has a README in the voting README's format, so a newcomer finds
what an app owns (models, writes, permissions, URLs, personal data) in one place."""

import re
from pathlib import Path

import pytest
from django.conf import settings

PACKAGE = Path(settings.BASE_DIR, "delaktig")
APPS = sorted(p for p in PACKAGE.iterdir() if (p / "__init__.py").exists())

# The sections of delaktig/voting/README.md every Django app's README has (a heading starts
# with one of the words; an app without e.g. URLs says so under the heading). More sections,
# in any order, are welcome.
REQUIRED = {
    "Models": ("Model",),
    "Services": ("Services",),
    "Permissions": ("Permissions",),
    "URLs": ("URLs",),
    "Personal data": ("Personal data", "Retention"),
}
# A package that is not a Django app (no apps.py: the counting library) has no models,
# permissions or URLs; its README says what its modules do.
REQUIRED_OF_A_LIBRARY = {"Modules": ("Modules",)}


def headings(text, level):
    return re.findall(rf"^{'#' * level} (.+)$", text, re.M)


def test_the_apps_are_found():
    assert {"voting", "core", "counting"} <= {app.name for app in APPS}


@pytest.mark.parametrize("app", APPS, ids=lambda p: p.name)
def test_app_has_a_readme_with_the_required_sections(app):
    readme = app / "README.md"
    assert readme.exists(), f"delaktig/{app.name}/ has no README.md (see delaktig/voting/)"
    text = readme.read_text(encoding="utf-8")
    title = headings(text, 1)
    assert title and app.name in title[0], f"its first heading names the app: # {app.name}"
    sections = headings(text, 2)
    required = REQUIRED if (app / "apps.py").exists() else REQUIRED_OF_A_LIBRARY
    missing = [
        name
        for name, starts in required.items()
        if not any(section.startswith(starts) for section in sections)
    ]
    assert not missing, f"delaktig/{app.name}/README.md lacks the sections {missing}"
