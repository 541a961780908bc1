"""Django settings. Every deployment-specific value comes from the environment.

Documented settings (the docs test checks each is described in docs/settings.md):
CBEC_SECRET_KEY, CBEC_DEBUG, CBEC_ALLOWED_HOSTS, DATABASE_URL, CBEC_DATA_DIR,
CBEC_CSRF_TRUSTED_ORIGINS, CBEC_STATIC_ROOT, CBEC_LAKE_DIR, CBEC_SECRET_KEY_FILE, CBEC_HTTPS,
CBEC_HSTS_SECONDS, CBEC_TIME_ZONE.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

# Lets admin classes be written ModelAdmin[Model] for the type checker.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("CBEC_DATA_DIR", BASE_DIR / "var"))
# The industry monitor's Parquet lake of job postings (see docs/monitor.md).
MONITOR_LAKE_DIR = Path(os.environ.get("CBEC_LAKE_DIR", DATA_DIR / "lake"))


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """CBEC_SECRET_KEY, else the file named by CBEC_SECRET_KEY_FILE, else — on the local embedded
    default (no DATABASE_URL), in debug mode or not — a generated, git-ignored key beside the
    SQLite database in DATA_DIR. A deployment with DATABASE_URL and DEBUG off must give a key."""
    key = os.environ.get("CBEC_SECRET_KEY")
    if key:
        return key
    key_file = os.environ.get("CBEC_SECRET_KEY_FILE")
    if key_file:
        return Path(key_file).read_text().strip()
    if not DEBUG and "DATABASE_URL" in os.environ:
        raise RuntimeError(
            "CBEC_SECRET_KEY or CBEC_SECRET_KEY_FILE must be set when CBEC_DEBUG is off "
            "and DATABASE_URL is set"
        )
    return _generated_key(DATA_DIR / "secret_key")


def _generated_key(path: Path) -> str:
    """The key in `path`, created (mode 0600) on first use. Written to a temporary file and linked
    into place, so processes starting together (web workers, worker, scheduler) agree on one."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}-{os.getpid()}-{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(50))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process was first; its key is the one
        finally:
            tmp.unlink()
    return path.read_text().strip()


DEBUG = _env_bool("CBEC_DEBUG", True)
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = os.environ.get("CBEC_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("CBEC_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",  # serves the API docs page from local static files, not a CDN
    "django_tasks",  # Django's task framework (backport), and its database backend's queue
    "django_tasks_db",
    "cbec.accounts",
    "cbec.standards",
    "cbec.curricula",
    "cbec.analysis",
    "cbec.monitor",
    "cbec.regulatory",
    "cbec.revisions",
    "cbec.inbox",
    "cbec.jobs",
    "cbec.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cbec.web.middleware.DefaultLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cbec.web.middleware.CbecErrorMiddleware",
]

ROOT_URLCONF = "cbec.urls"
WSGI_APPLICATION = "cbec.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cbec.web.context.platform",
            ],
        },
    },
]

_SQLITE_PATH = DATA_DIR / "cbec.sqlite3"
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL", default=f"sqlite:///{_SQLITE_PATH}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL lets the web server read while a CLI import writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "cbec" / "locale"]
# Deadlines and "today" are dates in this zone (cbec.lib.clock), whatever the server runs in.
TIME_ZONE = os.environ.get("CBEC_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

MEDIA_ROOT = DATA_DIR / "media"  # uploaded attachments (field-visit records)

# Background jobs (docs/operations.md): queued in the database, run by `cbec worker`. Another
# backend (Celery, RQ) is one entry here; the tests run jobs at once (tests/conftest.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
JOBS_UPLOAD_DIR = DATA_DIR / "uploads"  # uploaded files kept until their job has run
MEDIA_URL = "media/"
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("CBEC_STATIC_ROOT", BASE_DIR / "staticfiles"))
# WhiteNoise warns when the folder is missing (before the first collectstatic).
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = DEBUG
# Without debug, `cbec serve` collects hashed, compressed copies that WhiteNoise serves with
# far-future cache headers; in debug mode (and the tests) files come straight from the apps.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Only the hashed names are kept and compressed (templates always use {% static %}); source maps
# (23 MB of the API docs' bundles, fetched only by developer tools) are served uncompressed.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "web:dashboard"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
CSRF_FAILURE_VIEW = "cbec.web.errors.csrf_failure"
# TLS: on only when browsers reach the platform over HTTPS (a TLS-terminating proxy in front;
# gunicorn trusts its X-Forwarded-Proto from 127.0.0.1). Off, the local demo on
# http://127.0.0.1 keeps working: a browser never sends a secure cookie over plain http, so
# forcing them would break every login. See docs/operations.md, "Deployment check".
HTTPS = _env_bool("CBEC_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # probes from the machine itself may use plain http
SECURE_HSTS_SECONDS = int(os.environ.get("CBEC_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
