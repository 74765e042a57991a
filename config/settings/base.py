"""Settings shared by every environment. Environment files only override."""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-change-me")
# Key for keyed hashes that must never live in the database: ballot locators, personnummer.
BALLOT_LOCATOR_KEY = env("BALLOT_LOCATOR_KEY", "dev-only-ballot-locator-key")
# Key of the keyed hash (HMAC-SHA256) of personnummer in census files and e-ID claims.
PERSONNUMMER_HASH_KEY = env("PERSONNUMMER_HASH_KEY", "dev-only-personnummer-key")
# Key of the keyed hash of voting codes (invitation lists, printed code sheets).
VOTING_CODE_KEY = env("VOTING_CODE_KEY", "dev-only-voting-code-key")
# Key of the keyed hash (HMAC-SHA256) of receipt codes: a receipt shown to a vote buyer and a
# copy of the database together must not reveal the ballot (issue 9). Kept apart from the
# locator key, which may be rotated after the close; this one must stay to check receipts.
RECEIPT_KEY = env("RECEIPT_KEY", "dev-only-receipt-key")
# A box's anonymised ballots (.pb, CSV) are published only when it has at least this many:
# in a box of one or two voters the file would show each person's ballot (issue 9).
MIN_PUBLIC_BALLOTS = int(env("MIN_PUBLIC_BALLOTS", "5"))
# Demo data (delaktig/demo) has published passwords; production settings refuse to load it.
DEMO_DATA_ALLOWED = True
# Absolute address of the site, for links in e-mail sent outside a request.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
DEBUG = False
ALLOWED_HOSTS = [h for h in (env("ALLOWED_HOSTS", "") or "").split(",") if h]

INSTALLED_APPS = [
    "modeltranslation",  # before admin: translated fields of a round (processes/translation.py)
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "delaktig.core",
    "delaktig.audit",
    "delaktig.accounts",
    "delaktig.following",
    "delaktig.processes",
    "delaktig.approvals",
    "delaktig.eligibility",
    "delaktig.associations",
    "delaktig.pages",
    "delaktig.proposals",
    "delaktig.assessments",
    "delaktig.voting",
    "delaktig.results",
    "delaktig.surveys",
    "delaktig.followup",
    "delaktig.forums",
    "delaktig.meetings",
    "delaktig.goals",
    "delaktig.dialogue",
    "delaktig.council",
    "delaktig.privacy",
    "delaktig.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "delaktig.accounts.second_factor.RequireSecondFactor",
    "delaktig.core.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "delaktig.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Wait rather than fail when two requests write at once; WAL lets readers go on.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        # secure_delete: a deleted or rewritten row is zeroed in the file, so a copy of the
        # database keeps no trace of a changed ballot or of the order ballots were cast in.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;"
        ),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id, 19 MiB, 2 passes, 1 lane: 17–18 ms of CPU per sign-in on the 2-core test machine,
# against 208 ms for Django's default PBKDF2 (1 000 000 iterations), so a last-evening rush of
# sign-ins fits (delaktig/core/hashers.py, ADR 0003, bench/load.py --mode signin). PBKDF2 and
# scrypt hashes of existing accounts keep working and become Argon2id at the next sign-in.
PASSWORD_HASHERS = [
    "delaktig.core.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# django-allauth: e-mail is the identity; it must be verified before taking part.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_FORM_CLASS = "delaktig.accounts.forms.SignupForm"
# Sign-in is rate limited by allauth through the shared cache, per client address (the real
# client's behind TRUSTED_PROXIES) and per account ("key": the e-mail typed; for the second
# factor, the user): 5 wrong passwords for one account lock it for 5 minutes, from any address,
# the right password included. /admin/ signs in here too (accounts/second_factor.py).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Delaktig] "
# The client's address for allauth's rate limits (behind TRUSTED_PROXIES, core/client_ip.py).
ACCOUNT_ADAPTER = "delaktig.accounts.adapter.AccountAdapter"
# Second factor (allauth.mfa): an authenticator app (TOTP) and recovery codes. Offered to
# everyone at /konto/2fa/, required of administrators (accounts/second_factor.py).
MFA_ADAPTER = "delaktig.accounts.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env("SITE_NAME", "Delaktig")
# Reverse proxies (addresses or networks, comma-separated) whose client-IP header is believed.
# Behind a proxy every request comes from its address; rate limits must count each client
# (core/client_ip.py). Empty: the socket address is the client, the header is ignored.
TRUSTED_PROXIES = [p.strip() for p in (env("TRUSTED_PROXIES", "") or "").split(",") if p.strip()]
# The header the proxy writes the client's address into; the right-most untrusted entry counts.
CLIENT_IP_HEADER = env("CLIENT_IP_HEADER", "X-Forwarded-For")
try:
    import ipaddress as _ipaddress

    for _proxy in TRUSTED_PROXIES:
        _ipaddress.ip_network(_proxy, strict=False)
except ValueError as _error:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_error}") from None
# django-ratelimit's key="ip" and allauth's rate limits (ACCOUNT_ADAPTER) both ask this.
RATELIMIT_IP_META_KEY = "delaktig.core.client_ip.client_ip"

# Voter look-ups (personnummer, e-mail, code) at paper-voting stations, per official: enough
# for a busy station, too few to go through the census (django-ratelimit, "count/period").
PAPER_LOOKUP_RATE = env("PAPER_LOOKUP_RATE", "60/10m")

# Database cache: shared by every app server, no extra service (rate limits live here).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "delaktig_cache",
    },
    # Per process: what every voter's request reads while voting is open (voting/snapshot.py).
    # TIMEOUT: how long other app servers may show a round changed during voting.
    "snapshots": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "delaktig-snapshots",
        "TIMEOUT": int(env("SNAPSHOT_SECONDS", "2")),
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# /halsa/allt/ fails when a task has waited longer than this (no db_worker running).
TASK_QUEUE_MAX_WAIT_MINUTES = int(env("TASK_QUEUE_MAX_WAIT_MINUTES", "10"))

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
# A round's texts are written in Swedish, and in English where the officials add it; an English
# page shows the Swedish text where there is no English one, and says so (issue 11).
MODELTRANSLATION_DEFAULT_LANGUAGE = "sv"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("sv",)
# The project catalogue first (scripts/messages.sh writes it); then the Swedish texts of
# third-party packages we correct (allauth's "epost-adress"), ahead of the packages' own.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Files for officials only (exports of survey answers): never served by the web server.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploads: images only, at most this many bytes (checked in the form, clear message).
MAX_IMAGE_UPLOAD_BYTES = 5 * 1024 * 1024
# ... and at most this many pixels, read from the header before decoding (proposals/images.py:
# a real photo under 5 MB is far below; a compression bomb is not).
MAX_IMAGE_UPLOAD_PIXELS = 40_000_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Delaktig <noreply@delaktig.localhost>")

# Security headers. Strict CSP: no inline script or style; htmx is vendored under /static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
# Browser features no page uses are switched off for the site and anything it could embed.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "interest-cohort",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

SITE_NAME = env("SITE_NAME", "Delaktig")
MUNICIPALITY_NAME = env("MUNICIPALITY_NAME", "Exempelkommun")
# Who voted, census rows and invitations are deleted this many days after a round's result
# is published (`manage.py purge_personal_data`, run daily). Ballots stay, anonymous.
PERSONAL_DATA_RETENTION_DAYS = int(env("PERSONAL_DATA_RETENTION_DAYS", "90"))
PRIVACY_CONTACT_EMAIL = env("PRIVACY_CONTACT_EMAIL", "")
# The accessibility statement (/tillganglighet/, DOS-lagen): where people report a barrier or
# ask for content in another form (`check --deploy` warns while it is empty), the date the
# statement was last reviewed (ISO date; change it with each review), and the supervisory
# authority's page for reporting inadequate accessibility.
ACCESSIBILITY_CONTACT_EMAIL = env("ACCESSIBILITY_CONTACT_EMAIL", "")
ACCESSIBILITY_REVIEWED_ON = datetime.date.fromisoformat(
    env("ACCESSIBILITY_REVIEWED_ON", "2026-11-26")
)
ACCESSIBILITY_SUPERVISOR_URL = "https://www.digg.se/tdosanmalan"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}

FORM_RENDERER = "delaktig.core.forms.FormRenderer"

# --- OpenID Connect (e-ID and employee sign-in) ---
import json  # noqa: E402 - this block keeps to itself

# Off unless the provider is configured in the environment; see delaktig/accounts/README.md.
# Only the keyed hash of the personnummer claim is stored (User.personnummer_hash).
OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT") or None
OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env("OIDC_RP_SCOPES", "openid profile email")
OIDC_PERSONNUMMER_CLAIM = env("OIDC_PERSONNUMMER_CLAIM", "personal_number")
OIDC_GROUPS_CLAIM = env("OIDC_GROUPS_CLAIM", "")  # e.g. "groups": group names → Unit names
# JSON {"<group id or name>": "<Unit name>"}; read here so that a typo stops the start.
OIDC_GROUP_UNIT_MAP = json.loads(env("OIDC_GROUP_UNIT_MAP") or "{}")
OIDC_TRUST_EMAIL = env_bool("OIDC_TRUST_EMAIL")  # take "email" as verified without the claim
OIDC_PROVIDER_NAME = env("OIDC_PROVIDER_NAME", "BankID / Freja eID+")
OIDC_USE_PKCE = env_bool("OIDC_USE_PKCE", True)
OIDC_TIMEOUT = int(env("OIDC_TIMEOUT", "10"))
OIDC_CREATE_USER = env_bool("OIDC_CREATE_USER", True)
# Single sign-out (RP-Initiated Logout): "Logga ut" also ends the session at the provider's
# end_session_endpoint. Without it, signing out ends only Delaktig's session.
OIDC_OP_LOGOUT_ENDPOINT = env("OIDC_OP_LOGOUT_ENDPOINT", "")
OIDC_OP_LOGOUT_URL_METHOD = "delaktig.accounts.oidc_logout.logout_url"
# Keep the ID token in the session for id_token_hint (never one holding a personnummer).
OIDC_STORE_ID_TOKEN = bool(OIDC_OP_LOGOUT_ENDPOINT)
_OIDC_REQUIRED = {
    "OIDC_RP_CLIENT_ID": OIDC_RP_CLIENT_ID,
    "OIDC_RP_CLIENT_SECRET": OIDC_RP_CLIENT_SECRET,
    "OIDC_OP_AUTHORIZATION_ENDPOINT": OIDC_OP_AUTHORIZATION_ENDPOINT,
    "OIDC_OP_TOKEN_ENDPOINT": OIDC_OP_TOKEN_ENDPOINT,
    "OIDC_OP_USER_ENDPOINT": OIDC_OP_USER_ENDPOINT,
}
if OIDC_RP_SIGN_ALGO.startswith(("RS", "ES")):
    _OIDC_REQUIRED["OIDC_OP_JWKS_ENDPOINT"] = OIDC_OP_JWKS_ENDPOINT
OIDC_ENABLED = any(_OIDC_REQUIRED.values()) or bool(OIDC_OP_LOGOUT_ENDPOINT)
if OIDC_ENABLED:
    from urllib.parse import urlsplit

    from django.core.exceptions import ImproperlyConfigured

    if _missing := [name for name, value in _OIDC_REQUIRED.items() if not value]:
        raise ImproperlyConfigured(f"OpenID Connect sign-in also needs {', '.join(_missing)}.")
    if OIDC_OP_LOGOUT_ENDPOINT:
        _end = urlsplit(OIDC_OP_LOGOUT_ENDPOINT)
        if _end.scheme not in ("https", "http") or not _end.netloc:
            raise ImproperlyConfigured(
                "OIDC_OP_LOGOUT_ENDPOINT must be an absolute URL (https://…)."
            )
        # The sign-out form's redirect leads to the provider, and Chromium applies form-action
        # to a form's redirects too.
        _form_action = CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"]
        _form_action.append(f"{_end.scheme}://{_end.netloc}")
    AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "delaktig.accounts.oidc.EidBackend"]
