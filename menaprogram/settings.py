"""Settings of menaprogram, read from the environment (see .env.example)."""

from pathlib import Path

import environ
import pghistory
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from menaprogram.storage import s3_storage_settings

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

# A development key is fine on a developer's machine; production refuses to start
# without a real one, since a known key lets anybody forge sessions.
DEV_SECRET_KEY = "django-insecure-development-only-key"
SECRET_KEY = env.str("SECRET_KEY", default=DEV_SECRET_KEY if DEBUG else "")
if not DEBUG and (not SECRET_KEY or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured(
        "SECRET_KEY is missing or is a development key: set a long random SECRET_KEY "
        "(python -c 'import secrets; print(secrets.token_urlsafe(50))') or DEBUG=True."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    # The events admin (PGHISTORY_ADMIN_CLASS). After django.contrib.admin, so that its
    # "Events" buttons (a word that means the program's events here) give way to our own
    # "Audit trail" buttons in templates/admin/*_object_tools.html.
    "pghistory.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "import_export",
    "axes",
    "pgtrigger",
    "pghistory",
    # Background jobs, their queue in PostgreSQL (menaprogram/README: "Background jobs").
    "procrastinate.contrib.django",
    "menaprogram",
    "activities",
    "partners",
    "budget",
    "reports",
    "reminders",
    # The public site and its API: on top of every app, imported by none.
    "public",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "menaprogram.middleware.UkrainianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The audit trail: every write inside a POST is tied to its user and URL.
    "pghistory.middleware.HistoryMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "menaprogram.middleware.IdleSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as its documentation asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# The audit trail (django-pghistory): PostgreSQL triggers record every insert, change
# and delete of business data, so imports, QuerySet.update() and admin bulk actions are
# caught as well as form saves. The events admin is open to staff with a role.
PGHISTORY_ADMIN_CLASS = "menaprogram.admin.AuditEventsAdmin"
PGHISTORY_ADMIN_ALL_EVENTS = False
# With the user and URL of each change that came from a request.
PGHISTORY_ADMIN_MODEL = "pghistory.MiddlewareEvents"
PGHISTORY_ADMIN_LIST_DISPLAY = [
    "pgh_created_at",
    "pgh_label",
    "pgh_obj_model",
    "pgh_obj_id",
    "user",
    "url",
    "pgh_diff",
]
# `@pghistory.track()` on a model records these three; an update only when a value changed.
PGHISTORY_DEFAULT_TRACKERS = (
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
)
# `record.history` lists a record's events (the default name, "events", is taken on Partner).
PGHISTORY_OBJ_FIELD = pghistory.ObjForeignKey(related_name="history")

ROOT_URLCONF = "menaprogram.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "activities.workspace.context",
                "reminders.context.bell",
            ],
        },
    },
]

WSGI_APPLICATION = "menaprogram.wsgi.application"

# PostgreSQL only: Cyrillic case-insensitive search, CHECK constraints and the
# triggers that keep years inside a program's term all rely on it.
DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://127.0.0.1:5432/menaprogram"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)

# Each worker process keeps its own cache in memory: nothing to run or secure beside the app.
# Cached reads are keyed by the data version (menaprogram/data_version.py), so a worker never
# serves what another one's write has made stale.
# Caches: in each process's memory by default; with REDIS_URL, in Redis, shared by every worker
# and every app server (the dashboard's data and the finished documents are then made once).
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "menaprogram",
        },
        # Finished PDFs and DOCX (reports/pdf.py), for a day.
        "documents": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "menaprogram-documents",
            "TIMEOUT": 24 * 60 * 60,
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # Finished PDFs and DOCX (reports/pdf.py): a few, for a day; a large report is
        # megabytes, hence the small number.
        "documents": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "documents",
            "TIMEOUT": 24 * 60 * 60,
            "OPTIONS": {"MAX_ENTRIES": 20},
        },
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username and address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one username from one address lock that pair for an hour;
# a colleague at the next desk (same address, other username) can still sign in.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind the production proxy every request comes from 127.0.0.1: the client's address is
# read from X-Forwarded-For behind this many trusted proxies, for the lockout and the log.
PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0 if DEBUG else 1)
AXES_CLIENT_IP_CALLABLE = "menaprogram.security_log.client_address"

LOGIN_URL = "login"

# The public API: requests a minute from one client address (0: no limit), then 429.
PUBLIC_API_RATE_PER_MINUTE = env.int("PUBLIC_API_RATE_PER_MINUTE", default=600)
# The public pages trust the data version (their cache key) this many seconds before reading it
# again (public/cache.py): 0 reads it on every request.
PUBLIC_VERSION_SECONDS = env.int("PUBLIC_VERSION_SECONDS", default=2)
# The job worker renders the public side ahead into the cache after a change (public/ahead.py):
# worth it only when the cache is shared with the web servers (Redis).
PUBLIC_RENDER_AHEAD = env.bool("PUBLIC_RENDER_AHEAD", default=bool(REDIS_URL))
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "uk"
LANGUAGES = [("uk", _("Ukrainian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Kyiv"
USE_I18N = True
USE_TZ = True
# Forms accept "1 234,56" as the council writes amounts: Ukrainian formats group
# thousands with a (non-breaking) space, which Django parses only with this on.
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Front-end libraries come from npm (package-lock.json); only their built files are served.
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/tom-select", BASE_DIR / "node_modules" / "tom-select" / "dist"),
]
# In development WhiteNoise finds files where they are; production serves collectstatic's output.
WHITENOISE_AUTOREFRESH = DEBUG
# Uploads: in MEDIA_ROOT by default; with STORAGES_S3_BUCKET, in an S3-compatible bucket that
# every app server sees (menaprogram/storage.py; needs requirements-s3.txt).
STORAGES_S3_BUCKET = env.str("STORAGES_S3_BUCKET", default="")
STORAGES = {
    "default": s3_storage_settings(
        STORAGES_S3_BUCKET,
        endpoint_url=env.str("STORAGES_S3_ENDPOINT_URL", default=""),
        region=env.str("STORAGES_S3_REGION", default=""),
        access_key=env.str("STORAGES_S3_ACCESS_KEY_ID", default=""),
        secret_key=env.str("STORAGES_S3_SECRET_ACCESS_KEY", default=""),
    )
    if STORAGES_S3_BUCKET
    else {"BACKEND": "menaprogram.storage.LocalStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Uploaded scans and photos live outside static files and have no public URL:
# they are served by views that check who is asking.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/files/"
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# The council as its documents name it: in the heading of a decision and, in the genitive, in
# «Додаток до рішення … сесії Менської міської ради».
COUNCIL_NAME = env.str("COUNCIL_NAME", default="Менська міська рада")
COUNCIL_NAME_GENITIVE = env.str("COUNCIL_NAME_GENITIVE", default="Менської міської ради")
COUNCIL_PLACE = env.str("COUNCIL_PLACE", default="м. Мена")
# Who signs the council's decisions (the draft decisions on the reports print it).
COUNCIL_HEAD_POSITION = env.str("COUNCIL_HEAD_POSITION", default="Міський голова")
COUNCIL_HEAD_NAME = env.str("COUNCIL_HEAD_NAME", default="")

# The publisher named in the open data sets: the council and its EDRPOU code.
OPEN_DATA_PUBLISHER_NAME = env.str("OPEN_DATA_PUBLISHER_NAME", default="Менська міська рада")
OPEN_DATA_PUBLISHER_IDENTIFIER = env.str("OPEN_DATA_PUBLISHER_IDENTIFIER", default="")

# Background jobs (procrastinate): each app's `tasks.py` is found by the worker. On a stop
# (systemd, Ctrl-C) a worker lets its running job finish for this many seconds.
PROCRASTINATE_AUTODISCOVER_MODULE_NAME = "tasks"
PROCRASTINATE_WORKER_DEFAULTS = {"shutdown_graceful_timeout": 30}

# The bell in the header fetches its count once the page has loaded (browser tests that do not
# look at it turn it off, so that no request is still running when their database goes).
REMINDERS_BELL_AUTOLOAD = True

# E-mail: the weekly digest. The console by default (development); SMTP when EMAIL_HOST is set.
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend"
    if env.str("EMAIL_HOST", default="")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Програма співпраці <noreply@localhost>")
# The address the links in e-mails and calendar feeds start with (no request to take it from).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# A session ends after this many seconds without a request (an hour by default):
# IdleSessionMiddleware keeps moving the deadline while the person works.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Scripts only from our own static files: no inline script, no eval, no other origin.
# Styles allow inline attributes, which the admin and the SVG charts use; scripts do not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

if not DEBUG:
    # Production sits behind a reverse proxy that terminates TLS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        # Sign-ins and refusals are read by people in several time zones: always UTC.
        "utc": {
            "()": "menaprogram.security_log.UTCFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "utc"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # axes says hello on every start and narrates each failure; our security log has them.
    "loggers": {
        "axes": {"level": "WARNING"},
        # WeasyPrint narrates every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # procrastinate lists its tasks and periodic jobs on every start.
        "procrastinate.blueprints": {"level": "WARNING"},
        "procrastinate.periodic": {"level": "WARNING"},
    },
}
