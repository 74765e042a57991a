"""Production. Refuses to start without real secrets; `manage.py check --deploy` is clean."""

from django.core.exceptions import ImproperlyConfigured

from .base import *


def required(name: str) -> str:
    value = env(name)
    if not value or value.startswith("dev-only") or len(value) < 32:
        raise ImproperlyConfigured(
            f"{name} must be set to a secret of at least 32 characters in production."
        )
    return value


SECRET_KEY = required("SECRET_KEY")
BALLOT_LOCATOR_KEY = required("BALLOT_LOCATOR_KEY")
PERSONNUMMER_HASH_KEY = required("PERSONNUMMER_HASH_KEY")
VOTING_CODE_KEY = required("VOTING_CODE_KEY")
RECEIPT_KEY = required("RECEIPT_KEY")
DEMO_DATA_ALLOWED = False
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's host names in production.")
SITE_URL = env("SITE_URL") or f"https://{ALLOWED_HOSTS[0]}"
CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS]

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Load balancers probe the health checks over plain HTTP inside the network; a redirect to
# HTTPS would count as unhealthy (core/health.py).
SECURE_REDIRECT_EXEMPT = [r"^halsa/"]
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Preloading is a commitment a municipality makes for its whole domain: opt in via env.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
