"""Production settings for bench/load.py, with one change: static files are collected into
bench/out/load-static instead of the shared tree's staticfiles/ (the manifest storage of the
production settings needs collected files to render any page). Everything else is
config.settings.prod exactly, so the benchmark measures what production runs."""

from config.settings.prod import *  # noqa: F403
from config.settings.prod import BASE_DIR

STATIC_ROOT = BASE_DIR / "bench" / "out" / "load-static"
