"""Django settings for Desmigratif.

One settings module driven by environment variables (see .env.example and the README's table).
The defaults run the demo: SQLite under var/, DEBUG on, console email. With DEBUG off the
production-only values are required and checked here, at start-up.
"""

from __future__ import annotations

import re
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from desmigratif.lib.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("DESMIGRATIF_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=True)

_DEMO_SECRET = "insecure-demo-key-only-for-local-use-never-in-production"
SECRET_KEY = env_secret("SECRET_KEY", _DEMO_SECRET if DEBUG else "")
if not DEBUG and (not SECRET_KEY or SECRET_KEY == _DEMO_SECRET):
    raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Form widgets' templates are looked up like the pages' (FORM_RENDERER below).
    "django.forms",
    "django_htmx",
    "template_partials",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "desmigratif.core",
    "desmigratif.regions",
    "desmigratif.accounts",
    "desmigratif.audit",
    "desmigratif.people",
    "desmigratif.placement",
    "desmigratif.migration",
    "desmigratif.agencies",
    "desmigratif.cooperatives",
    "desmigratif.remittances",
    "desmigratif.screening",
    "desmigratif.vacancies",
    "desmigratif.complaints",
    "desmigratif.brokers",
    "desmigratif.enterprises",
    "desmigratif.partners",
    "desmigratif.facilitators",
    "desmigratif.learning",
    "desmigratif.rules",
    "desmigratif.monitoring",
    "desmigratif.api",
]
if env_bool("DESMIGRATIF_DEVDATA", default=DEBUG):
    # Dev-only: the demo data generator. Never installed in production.
    INSTALLED_APPS.append("desmigratif.devdata")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "desmigratif.accounts.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, so that a locked-out login attempt is answered before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "desmigratif.urls"
WSGI_APPLICATION = "desmigratif.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "desmigratif" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "desmigratif.core.context_processors.site",
            ],
            # Replaces Django's ``date`` filter in every template with one that writes the same
            # text faster (core/templatetags/dates.py).
            "builtins": ["desmigratif.core.templatetags.dates"],
        },
    },
]

# The project's templates may override Django's form templates (templates/django/forms/): field
# groups, labels, error lists and widgets render in template tags (core/templatetags/widgets.py).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database ---------------------------------------------------------------------------
# SQLite is the embedded default (demo, single-village laptop); production and CI use
# PostgreSQL through DATABASE_URL.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'desmigratif.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the demo serve reads while a write is in progress.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters are bound on the server, and psycopg prepares a statement once a connection has run
    # it DB_PREPARE_THRESHOLD times: PostgreSQL then plans it once per connection, not on every
    # request. At 1M people that took PostgreSQL's CPU per page from 2.0-3.2 ms to 0.8-1.3 ms and
    # gave the pages 10-30 % more requests/s (bench/README.md). The scope filter's region code is
    # written into the SQL (accounts/scope.py), so each area's statement has its own plan, made
    # once. Behind PgBouncer in transaction mode, PgBouncer ≥ 1.21 with max_prepared_statements is
    # needed (docs/production.md).
    PREPARE_THRESHOLD = env_int("DB_PREPARE_THRESHOLD", 2)
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = (
        PREPARE_THRESHOLD if PREPARE_THRESHOLD >= 0 else None
    )
    DATABASES["default"]["OPTIONS"]["server_side_binding"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------------------
# Without REDIS_URL each process keeps its own cache. With it, sessions are read from Redis (see
# SESSION_ENGINE) and login throttling stays in the database.
# The public forms' rate limit (core/public_forms.py) counts in the cache: with several web processes
# it must be a shared cache (REDIS_URL), or each process keeps its own count. django-ratelimit is used
# as a library, not an installed app, so its system check (which refuses LocMemCache outright) does
# not run: the in-memory cache is right for the demo and a one-process install.
REDIS_URL = env_str("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# Posts accepted from one client address to the public forms (complaint, broker report) together.
PUBLIC_FORM_RATE = env_str("PUBLIC_FORM_RATE", "10/h")
if not re.fullmatch(r"[0-9]+/[0-9]*[smhd]", PUBLIC_FORM_RATE):
    raise ImproperlyConfigured("PUBLIC_FORM_RATE must look like 10/h (count / s, m, h or d).")

# --- Accounts and authentication ----------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the signed-in user's roles in the same query as the user.
    "desmigratif.accounts.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Reverse proxies in front of the application (nginx → gunicorn: 1); see desmigratif/core/net.py.
PROXY_COUNT = env_int("PROXY_COUNT", 0)

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failures for the same username from
# the same address, that pair is locked out for AXES_COOLOFF_TIME hours.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "desmigratif.core.net.client_ip"
AXES_VERBOSE = False

# Sessions live in the database. With a shared cache (REDIS_URL) they are read from it and written
# through to the database, so a signed-in request does not query the database for its session. A
# per-process cache would let a session ended in one process live on in another's: not without Redis.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- Security headers --------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # The load balancer probes /healthz over plain HTTP inside the network; a redirect would fail it.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    # Preloading HSTS binds the whole parent domain (often a shared go.id domain) for months and is
    # hard to undo, so it is the operator's explicit choice; check --deploy's reminder is silenced.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    # The reverse proxy terminates TLS and says so in this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Every asset is vendored and served from our own origin: no CDN, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Internationalisation (Indonesian first) -------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "desmigratif" / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True
LANGUAGE_COOKIE_NAME = "desmigratif_language"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "desmigratif" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded personal documents. Private: no URL serves this folder (MEDIA_URL stays unset and the
# proxy must not serve it); files leave only through views that check scope and audit the read.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "private")))
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# Largest scan or photo of a case document, in bytes.
DOCUMENT_UPLOAD_MAX_BYTES = env_int("DOCUMENT_UPLOAD_MAX_BYTES", 5 * 1024 * 1024)

# Monitoring: minutes between refreshes of the indicator rollup table (monitoring.tasks).
ROLLUP_REFRESH_MINUTES = env_int("ROLLUP_REFRESH_MINUTES", 60)
# A facilitator's monthly report for month M is due this many days after the end of M.
FACILITATOR_REPORT_DUE_DAYS = env_int("FACILITATOR_REPORT_DUE_DAYS", 10)

# --- Background tasks (django-tasks backport of django.tasks) ------------------------------------
# The database backend works on SQLite and PostgreSQL; `manage.py db_worker` runs the queue.
TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# --- Email --------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "desmigratif@localhost")

# --- API ----------------------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 25
NINJA_PAGINATION_MAX_LIMIT = 100

# --- Logging ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- Product settings -----------------------------------------------------------------------
PAGE_SIZE = 25
# Shows a banner on every page saying that the data are generated demo data.
DEMO_MODE = env_bool("DEMO_MODE", default=DEBUG)
