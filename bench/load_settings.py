"""Production settings for bench/load.py, with one change: static files are collected into
bench/out/load-static instead of the shared tree's staticfiles/ (the manifest storage of the
production settings needs collected files to render any page), and `--hasher pbkdf2` puts
Django's default password hasher first to compare sign-ins. Everything else is
config.settings.prod exactly, so the benchmark measures what production runs."""

import os

from config.settings.prod import *  # noqa: F403
from config.settings.prod import BASE_DIR

STATIC_ROOT = BASE_DIR / "bench" / "out" / "load-static"

if os.environ.get("BENCH_PASSWORD_HASHER") == "pbkdf2":
    from config.settings.prod import PASSWORD_HASHERS

    PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        *[h for h in PASSWORD_HASHERS if not h.endswith(".PBKDF2PasswordHasher")],
    ]
