"""Settings shared by every environment. The environment is read here, once."""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env is a convenience for developers; real deployments set the environment.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])

INSTALLED_APPS = [
    "rexchange",
    "articles",
    "policy",
    "readers",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "axes",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything builds an absolute URL from the request.
    "rexchange.publication.absolute_urls.SiteRootMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside sessions, CSRF and messages, so it sees every cookie they set.
    "rexchange.cache.middleware.SharedCacheMiddleware",
    # Inside the shared cache's key collection, so the cached site still tags pages.
    "rexchange.publication.sites.CachedSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "rexchange.security.csp.SiteCSPMiddleware",
    # Last, so it sees the outcome of every login attempt (django-axes' requirement).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rexchange.urls"
WSGI_APPLICATION = "rexchange.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# SQLite is only the zero-setup default for `make run`; production and CI use
# PostgreSQL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
STATIC_URL = "/static/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
MEDIA_URL = "/media/"
# Uploaded images and their renditions served by the app itself: on in development,
# and on a one-machine stack (`make serve`) where nothing else serves MEDIA_ROOT.
# Behind a web server, CDN or object storage that serves them, leave it off.
MEDIA_SERVE = env.bool("MEDIA_SERVE", default=False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://rexchange")}
# Redis through a backend for which an outage is a cache miss, not a 500.
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "rexchange.cache.backends.ResilientRedisCache"

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = "rexchange"
WAGTAILADMIN_BASE_URL = env.str(
    "WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000"
)
# Absolute URLs (canonical, og:url, JSON-LD, sitemap, feeds, API) name the Wagtail
# Site, never a request's Host header: responses are shared through the cache.
# Development turns this on (rexchange/publication/absolute_urls.py).
ABSOLUTE_URLS_FOLLOW_REQUEST = False
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx"]
# Embeds would fetch oEmbed data from third parties at render time; keep it bounded.
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# Celery: a real broker when CELERY_BROKER_URL is set; otherwise tasks run inline.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A pool child whose resident memory passed this many KiB after a task is replaced
# by a fresh one, so one bloated fetch never leaves a worker holding the memory.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int(
    "CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=400_000
)
CELERY_TIMEZONE = TIME_ZONE
# Redis redelivers a message a dead worker took only after visibility_timeout; it must
# outlast the longest task (a fetch is bounded by INGEST_TOTAL_TIMEOUT). Tests lower it.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": 1,
}
CELERY_BEAT_SCHEDULE = {
    "poll-due-sources": {
        "task": "policy.tasks.poll_due_sources",
        # Seconds between polls: also how soon a fetch the broker refused is queued
        # again once it is back (the fault suite shortens it).
        "schedule": env.float("INGEST_POLL_EVERY", default=60.0),
    },
}

# Ingestion: limits for every outbound fetch, and the host:port pairs on private
# networks that may be fetched anyway (local sources, tests). Empty by default.
INGEST_PRIVATE_ALLOWLIST = env.str("INGEST_PRIVATE_ALLOWLIST", default="")
INGEST_CONNECT_TIMEOUT = env.float("INGEST_CONNECT_TIMEOUT", default=10.0)
INGEST_READ_TIMEOUT = env.float("INGEST_READ_TIMEOUT", default=20.0)
INGEST_TOTAL_TIMEOUT = env.float("INGEST_TOTAL_TIMEOUT", default=30.0)
INGEST_MAX_BYTES = env.int("INGEST_MAX_BYTES", default=5 * 1024 * 1024)
# A failing source waits longer after each failure, up to this many seconds (± 10%).
INGEST_MAX_BACKOFF = env.int("INGEST_MAX_BACKOFF", default=24 * 3600)
# How many due sources one beat tick hands to the workers.
INGEST_POLL_BATCH = env.int("INGEST_POLL_BATCH", default=100)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Wagtail and its task runner narrate each page save at INFO; keep output readable.
    "loggers": {
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "modelsearch": {"level": "WARNING"},
        # django-axes logs every login at INFO; lockouts are logged at WARNING.
        "axes": {"level": "WARNING"},
        # Ingestion: httpx logs every request, and trafilatura logs every page it
        # cannot read as an ERROR; the source's own status line says what matters.
        "httpx": {"level": "WARNING"},
        "trafilatura": {"level": "CRITICAL"},
        "htmldate": {"level": "CRITICAL"},
    },
}

# How many reverse proxies append to X-Forwarded-For in front of the app; 0 trusts
# only REMOTE_ADDR, so clients cannot pick their own throttle or lockout identity.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# The public API (/api/v1/): read-only, API keys instead of sessions, JSON only.
API_THROTTLE_RATES = {
    # Requests per client address without a key, and per key with one. Counters
    # live in the default cache: set CACHE_URL to Redis so all processes share them.
    "anon": env.str("API_ANON_RATE", default="60/min"),
    "api_key": env.str("API_KEY_RATE", default="1200/min"),
}
API_CACHE_MAX_AGE = env.int("API_CACHE_MAX_AGE", default=60)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rexchange.api.access.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": [
        "rexchange.api.access.AnonymousRateThrottle",
        "rexchange.api.access.ApiKeyRateThrottle",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # Read-only: no request bodies are parsed, so no body can be too deep or too big.
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_SCHEMA_CLASS": "rexchange.api.schema.ApiAutoSchema",
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "URL_FORMAT_OVERRIDE": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "rexchange API",
    "DESCRIPTION": (
        "Structured highlights, analysis articles and the licence-event record of "
        "rexchange. Read-only; anonymous reads are rate-limited, API keys raise the "
        "limit. Every payload carries a `rights` block. Responses carry ETag and "
        "Last-Modified; send If-None-Match or If-Modified-Since for a 304."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "PREPROCESSING_HOOKS": ["rexchange.api.schema.api_endpoints_only"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "rexchange.api.schema.explode_multi_value_filters",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Swagger UI would otherwise send the schema to swagger.io's online validator.
    # No deep links: Swagger UI puts them as links inside the operation buttons,
    # which screen readers cannot reach (axe: nested-interactive).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "validatorUrl": None},
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "TAGS": [
        {"name": "articles", "description": "Analysis articles, whole."},
        {"name": "highlights", "description": "Short, citable claims, one each."},
        {"name": "events", "description": "The licence-event record."},
        {"name": "reference", "description": "Regulators, materials, instruments."},
        {"name": "staff", "description": "Ingested reporting; staff keys only."},
        {"name": "comments", "description": "Readers' approved comments."},
        {"name": "changes", "description": "The change feed, for incremental sync."},
    ],
    "ENUM_NAME_OVERRIDES": {
        "DimensionEnum": "policy.vocabulary.Dimension",
        "FactStateEnum": "policy.vocabulary.FactState",
        "EventTypeEnum": "policy.models.LicenceEventPage.EventType",
        "AssessmentEnum": "policy.models.LicenceEventPage.Assessment",
        "ConfidenceEnum": "policy.models.LicenceEventPage.Confidence",
        "ChangeTypeEnum": "rexchange.api.changes.ChangeType",
        "ChangeKindEnum": "rexchange.api.changes.ChangeKind",
        "MaterialCategoryEnum": "policy.models.Material.Category",
        "InstrumentStatusEnum": "policy.models.Instrument.Status",
        "ReportStatusEnum": "policy.reporting.models.Report.Status",
        "AnnotationKindEnum": "policy.reporting.models.Annotation.Kind",
        "VerdictEnum": "policy.reporting.models.Annotation.Verdict",
        "QuestionStatusEnum": "policy.models.OpenQuestion.Status",
    },
}

# --- Newsroom: scheduled publishing, security headers, login lockout ---------------

# Wagtail's scheduled publishing and unpublishing, run by Celery beat every minute.
CELERY_BEAT_SCHEDULE["publish-scheduled-pages"] = {
    "task": "rexchange.tasks.publish_scheduled",
    # Seconds between runs (the fault suite shortens it to watch a real beat).
    "schedule": env.float("PUBLISH_SCHEDULED_EVERY", default=60.0),
}
CELERY_BEAT_SCHEDULE["retry-due-webhooks"] = {
    "task": "rexchange.tasks.webhook_retry_due",
    "schedule": 60.0,
}

# The admin must not call out to third parties: no avatars from Gravatar, no release
# check. Both would also break the Content-Security-Policy below.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Content-Security-Policy (django-csp 4 format). Everything comes from our own origin.
# The Wagtail admin sets inline `style` attributes, hence 'unsafe-inline' for styles;
# scripts stay 'self' on reader pages (the admin adds inline scripts, see
# rexchange/csp.py). Same-origin framing is allowed for the admin's live preview panel.
_CSP_SELF = ["'self'"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": _CSP_SELF,
        "script-src": _CSP_SELF,
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": _CSP_SELF,
        "media-src": _CSP_SELF,
        "frame-src": _CSP_SELF,
        "frame-ancestors": _CSP_SELF,
        "form-action": _CSP_SELF,
        "base-uri": _CSP_SELF,
        "object-src": ["'none'"],
    }
}
_csp_report_uri = env.str("CSP_REPORT_URI", default="")
if _csp_report_uri:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["report-uri"] = [_csp_report_uri]

# Admin login lockout (django-axes): after AXES_FAILURE_LIMIT failed attempts for one
# username from one address, that pair is refused until the cool-off has passed.
AUTHENTICATION_BACKENDS = [
    "rexchange.security.logins.LoginAttemptBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account_locked.html"
AXES_CLIENT_IP_CALLABLE = "rexchange.security.logins.client_ip"

# --- Shared HTTP cache: Varnish (make serve) or a CDN in front ----------------------

# How long a shared cache may keep a public response; purges on publish make it
# fresh sooner. Browsers get max-age=0 (the API keeps API_CACHE_MAX_AGE).
CACHE_SHARED_MAX_AGE = env.int("CACHE_SHARED_MAX_AGE", default=24 * 3600)
# Keep the rendered parts of pages (an article's text, head and related analysis)
# in the shared cache until published content changes: a miss in the HTTP cache
# then costs routing and comments, not the whole page (rexchange.cache.fragments).
PAGE_FRAGMENT_CACHE = env.bool("PAGE_FRAGMENT_CACHE", default=True)
CACHE_STALE_WHILE_REVALIDATE = env.int("CACHE_STALE_WHILE_REVALIDATE", default=60)
CACHE_STALE_IF_ERROR = env.int("CACHE_STALE_IF_ERROR", default=24 * 3600)
# Each Varnish that takes surrogate-key purges (`PURGE` with an xkey-purge header),
# e.g. http://127.0.0.1:8000/. Empty: no purges are sent.
CACHE_PURGE_URLS = env.list("CACHE_PURGE_URLS", default=[])
# A CDN or cache that purges by URL only, through Wagtail's frontend cache (HTTP
# PURGE to this address for every page URL that changes).
_frontend_cache = env.str("FRONTEND_CACHE_PURGE_URL", default="")
WAGTAILFRONTENDCACHE = (
    {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": _frontend_cache,
        }
    }
    if _frontend_cache
    else {}
)

# --- Readers: comments and the email digest ------------------------------------------

# Comment abuse limits: posts per address and per client IP in a window of seconds
# (counted in the shared cache), and links allowed in one comment.
COMMENT_RATE_PER_ADDRESS = env.int("COMMENT_RATE_PER_ADDRESS", default=5)
COMMENT_RATE_PER_IP = env.int("COMMENT_RATE_PER_IP", default=20)
COMMENT_RATE_WINDOW = env.int("COMMENT_RATE_WINDOW", default=3600)
COMMENT_MAX_LINKS = env.int("COMMENT_MAX_LINKS", default=2)
# Digest sign-ups: confirmation emails per address and per IP an hour, and how long a
# confirmation link works (seconds).
SUBSCRIBE_RATE_PER_ADDRESS = env.int("SUBSCRIBE_RATE_PER_ADDRESS", default=3)
SUBSCRIBE_RATE_PER_IP = env.int("SUBSCRIBE_RATE_PER_IP", default=20)
SUBSCRIBE_RATE_WINDOW = 3600
SUBSCRIBE_CONFIRM_MAX_AGE = env.int("SUBSCRIBE_CONFIRM_MAX_AGE", default=48 * 3600)
# Bounces after which an address gets nothing more, and tries per email.
DIGEST_BOUNCE_LIMIT = env.int("DIGEST_BOUNCE_LIMIT", default=3)
DIGEST_MAX_ATTEMPTS = 3

# Outgoing email: SMTP from the environment (the development settings print emails
# to the console instead; tests keep them in memory).
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="rexchange <digest@localhost>"
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

# The weekly digest goes out on Monday morning and covers the week before.
CELERY_BEAT_SCHEDULE["readers-weekly-digest"] = {
    "task": "readers.tasks.digest_weekly_send",
    "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
}
