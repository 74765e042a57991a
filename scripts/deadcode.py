"""Dead code check (`make lint`): vulture over delaktig/, config/ and conftest.py.

Reported: functions, methods, classes, properties and imports that nothing uses, and
unreachable code. Not reported: variables and class attributes, because Django reads most of
them by name (model fields, Meta and admin options, settings, `app_name`, `pytestmark`):
vulture would list some 250 of them and a whitelist that long would hide real findings.

Used without a caller in Python, and so not reported:
- what settings or URLconfs name in a dotted string ("delaktig.core.views.server_error",
  MIDDLEWARE, ACCOUNT_ADAPTER, health checks): every such string in the scanned code counts as
  a use of its last name;
- what templates read (`{{ proposal.public_assessment }}`, `{% if job.is_finished %}`): every
  `.name` inside a template tag counts as a use of `name`;
- the names Django and pytest call by convention (IGNORE_NAMES) and what a decorator
  registers (IGNORE_DECORATORS);
- library hooks named one by one, each with its reason, in scripts/vulture_whitelist.txt.

Run: .venv/bin/python scripts/deadcode.py (exit 1 and one line per finding if any).
"""

import ast
import re
import sys
from pathlib import Path

import vulture

ROOT = Path(__file__).resolve().parent.parent
PATHS = ["delaktig", "config", "conftest.py"]
WHITELIST = ROOT / "scripts" / "vulture_whitelist.txt"
EXCLUDE = ["*/migrations/*"]
REPORTED = {"function", "method", "class", "property", "import", "unreachable_code"}
MIN_CONFIDENCE = 60

IGNORE_NAMES = [
    "*Config",  # AppConfig subclasses: Django finds them in the app named in INSTALLED_APPS
    "ready",  # AppConfig.ready: registries, signals, rules loaded at start-up
    "handle",  # management commands: manage.py calls Command.handle
    "add_arguments",  # ... and Command.add_arguments
    "clean_*",  # form field cleaners: Form.full_clean calls clean_<field>
    "_post_clean",  # ModelForm hook after the model's own validation
    "has_*_permission",  # ModelAdmin permission hooks
    "Params",  # factory_boy's traits class
    "pytest_*",  # pytest hooks in conftest.py
    "process_exception",  # middleware hook: Django calls it when a view raises
    "__getattr__",  # module-level lazy attributes (PEP 562): Python calls it on import
    "*Translation",  # django-modeltranslation options, registered by @register(Model)
    "item_*",  # django.contrib.syndication.views.Feed calls item_<attribute>(item)
    "subtitle",  # ... and Feed.subtitle(obj) for the feed's own attributes
]
IGNORE_DECORATORS = [
    "@pytest.fixture",  # fixtures are used by argument name
    "@register.*",  # template tags and filters, used from templates
    "@rules.predicate",  # predicates combined by name in rules.py
    "@admin.register",  # ModelAdmin classes
    "@receiver",  # signal handlers
    "@checks.register",  # system checks
]
DOTTED = re.compile(r"^delaktig(\.\w+)+$")
TEMPLATE_TAG = re.compile(r"{{.*?}}|{%.*?%}", re.S)
TEMPLATE_ATTRIBUTE = re.compile(r"\.([A-Za-z_]\w*)")
TEMPLATE_DIRS = ["delaktig", "templates"]


def dotted_names(paths) -> set[str]:
    """The last name of every "delaktig.…" string: a setting or URLconf refers to it."""
    names = set()
    for path in paths:
        files = [path] if path.is_file() else path.rglob("*.py")
        for file in files:
            for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and DOTTED.match(node.value)
                ):
                    names.add(node.value.rsplit(".", 1)[1])
    return {name for name in names if name.isidentifier()}


def template_names() -> set[str]:
    """Every attribute a template reads: Django templates call methods and properties."""
    names = set()
    for folder in TEMPLATE_DIRS:
        for file in (ROOT / folder).rglob("*"):
            if file.suffix in {".html", ".txt"} and "templates" in file.parts:
                for tag in TEMPLATE_TAG.findall(file.read_text(encoding="utf-8")):
                    names.update(TEMPLATE_ATTRIBUTE.findall(tag))
    return names


def whitelisted() -> set[str]:
    lines = (line.split("#", 1)[0].strip() for line in WHITELIST.read_text().splitlines())
    return {line for line in lines if line}


def findings() -> list[vulture.core.Item]:
    paths = [ROOT / p for p in PATHS]
    checker = vulture.Vulture(ignore_names=IGNORE_NAMES, ignore_decorators=IGNORE_DECORATORS)
    checker.scavenge(paths, exclude=EXCLUDE)
    used_by_name = dotted_names(paths) | template_names() | whitelisted()
    checker.scan("\n".join(sorted(used_by_name)), filename=Path("<settings and templates>"))
    return [
        item
        for item in checker.get_unused_code(min_confidence=MIN_CONFIDENCE)
        if item.typ in REPORTED
    ]


def main() -> int:
    found = findings()
    for item in found:
        print(item.get_report(add_size=False).replace(str(ROOT) + "/", ""))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
