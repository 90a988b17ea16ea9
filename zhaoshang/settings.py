"""Settings for Zhaoshang, read only from environment variables (see ``.env.example``).

``ZHAOSHANG_ENV`` chooses between ``development`` (the default, for ``make run`` and tests)
and ``production``, which demands a secret key and host names and turns on every
transport-security setting that ``manage.py check --deploy`` looks for.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from zhaoshang.env import env_bool, env_int, env_list, env_minutes, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent

ENVIRONMENT = env_str("ZHAOSHANG_ENV", "development", choices={"development", "production"})
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("DEBUG", not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be false when ZHAOSHANG_ENV=production.")

if PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters in production.")
else:
    SECRET_KEY = env_str("SECRET_KEY", "development-only-key-never-use-in-production-0123456789")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", None if PRODUCTION else ["127.0.0.1", "localhost"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required in production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

DATA_DIR = Path(env_str("DATA_DIR", str(BASE_DIR / "var")))

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "huey.contrib.djhuey",
    "zhaoshang.core",
    "zhaoshang.orgs",
    "zhaoshang.reference",
    "zhaoshang.projects",
    "zhaoshang.assessment",
    "zhaoshang.reports",
    "zhaoshang.mechanisms",
    "zhaoshang.targeting",
    "zhaoshang.policies",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "zhaoshang.core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zhaoshang.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "zhaoshang.core.middleware.SessionLifetimeMiddleware",
    "zhaoshang.core.middleware.LoginRequiredMiddleware",
    "zhaoshang.core.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:
    # In production gunicorn serves the collected, hashed static files itself (no CDN).
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "zhaoshang.urls"
WSGI_APPLICATION = "zhaoshang.wsgi.application"

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
                "zhaoshang.core.context_processors.navigation",
                "zhaoshang.assessment.context_processors.year_links",
            ],
        },
    },
]

# SQLite is the embedded default so that a fresh machine runs with no database server;
# DATABASE_URL=postgres://... selects PostgreSQL, the production database.
_default_db = f"sqlite:///{DATA_DIR / 'zhaoshang.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", _default_db),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite creates the file but not its folder; a fresh checkout has no var/ yet.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers proceed while one writer commits; IMMEDIATE takes the write lock at
        # BEGIN so two writers queue instead of failing with "database is locked".
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "orgs.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

PASSWORD_MAX_AGE_DAYS = env_int("PASSWORD_MAX_AGE_DAYS", 90, minimum=0)
PASSWORD_HISTORY_COUNT = 5
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "full_name", "email")},
    },
    {
        "NAME": "zhaoshang.orgs.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "zhaoshang.orgs.passwords.CharacterClassValidator"},
    {"NAME": "zhaoshang.orgs.passwords.PasswordHistoryValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Paths reachable without logging in; everything else is denied by LoginRequiredMiddleware.
PUBLIC_PATHS = ("/accounts/login/", "/healthz", "/i18n/setlang/", "/static/")

# Lockout is by user name, not by IP: a whole unit often shares one NAT address.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_minutes("LOGIN_LOCKOUT_MINUTES", 30)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "zhaoshang.orgs.views.lockout_response"
AXES_ENABLE_ADMIN = False
# axes.W006 warns that lockout ignores the IP address; that is the point (see above).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", 1 if PRODUCTION else 0, minimum=0)

SESSION_IDLE_TIMEOUT = env_minutes("SESSION_IDLE_MINUTES", 30)
SESSION_ABSOLUTE_LIFETIME = timedelta(hours=env_int("SESSION_ABSOLUTE_HOURS", 12, minimum=1))
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_LIFETIME.total_seconds())
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
MEDIA_URL = "/media/"
EVIDENCE_MAX_MB = env_int("EVIDENCE_MAX_MB", 20, minimum=1, maximum=500)
IMPORT_MAX_MB = env_int("IMPORT_MAX_MB", 10, minimum=1, maximum=200)
FILE_UPLOAD_PERMISSIONS = 0o640

REDIS_URL = env_str("REDIS_URL", None)
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Dashboard, bulletin and live-ranking figures (reports/memo.py): a computation slower than
# FIGURES_SLOW_SECONDS is served as it was for up to FIGURES_MAX_STALE_SECONDS after the data
# change, with the time its data were read; faster ones are always computed again.
FIGURES_SLOW_SECONDS = env_int("FIGURES_SLOW_SECONDS", 2, minimum=0, maximum=3600)
FIGURES_MAX_STALE_SECONDS = env_int("FIGURES_MAX_STALE_SECONDS", 300, minimum=0, maximum=86400)
FIGURES_CACHE_SECONDS = 7 * 24 * 3600

EMAIL_HOST = env_str("EMAIL_HOST", None)
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1, maximum=65535)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "zhaoshang@localhost")

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
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
    }
}

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # nginx terminates TLS and tells Django the original scheme.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

DEMO_PASSWORD = env_str("DEMO_PASSWORD", "Demo@2026zs")

# Periodic jobs (reminders, escalations): an embedded queue in SQLite under DATA_DIR by default,
# Redis-backed workers when JOBS_REDIS_URL is set. ``manage.py run_huey`` runs the consumer.
JOBS_REDIS_URL = env_url("JOBS_REDIS_URL", None, schemes=("redis", "rediss", "unix"))
JOBS_HOUR = env_int("JOBS_HOUR", 7, minimum=0, maximum=23)
HUEY = {"name": "zhaoshang", "immediate": False}
if JOBS_REDIS_URL:
    HUEY |= {"huey_class": "huey.RedisHuey", "url": JOBS_REDIS_URL}
else:
    # The queue file lives in DATA_DIR even when the database is PostgreSQL.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    HUEY |= {"huey_class": "huey.SqliteHuey", "filename": str(DATA_DIR / "jobs.sqlite3")}

# Group robot (企业微信 or 钉钉) that overdue reminders are also posted to; empty turns it off.
ROBOT_WEBHOOK_URL = env_url("ROBOT_WEBHOOK_URL", None)
ROBOT_WEBHOOK_KIND = env_str("ROBOT_WEBHOOK_KIND", "wecom", choices={"wecom", "dingtalk"})
ROBOT_WEBHOOK_TIMEOUT = env_int("ROBOT_WEBHOOK_TIMEOUT", 5, minimum=1, maximum=60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # axes logs every successful log-in at INFO; the audit trail already records them.
    "loggers": {"axes": {"level": "WARNING"}},
}

FILTERS_EMPTY_CHOICE_LABEL = _("All")

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"

# The API (/api/v1/): token authentication comes first so that an anonymous request gets
# 401 with "WWW-Authenticate: Token"; the session serves pages that call the API.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    # OPTIONS would describe views to clients that may not use them; the schema does that.
    "DEFAULT_METADATA_CLASS": None,
    "DEFAULT_PAGINATION_CLASS": "zhaoshang.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "zhaoshang.api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": _("Investment Promotion Management System API"),
    "DESCRIPTION": _(
        "Projects, their stage transitions, enterprises, units and reference data. "
        "Authenticate with a token (header 'Authorization: Token <key>', issued with "
        "'manage.py drf_create_token <user name>') or with a logged-in session. Every answer "
        "is limited to what the user's roles allow: objects outside their scope do not exist "
        "(404), actions they do not hold are refused (403)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Docstrings are notes for developers, in English; descriptions come from the gettext labels.
    "DISABLE_DOCSTRING_DESCRIPTIONS": True,
    # Several models call their field "status" with different choice sets; naming each set after
    # its class keeps the schema stable instead of hashed names that change with the app list.
    "ENUM_NAME_OVERRIDES": {
        f"{name}Enum": f"zhaoshang.{module}.choices.{name}"
        for module, names in {
            "projects": ["FlagStatus"],
            "assessment": ["YearStatus", "ReportStatus", "TourStatus", "AdjustmentStatus"],
            "policies": ["PolicyStatus"],
            "mechanisms": ["ReviewStatus", "ProcedureStatus", "MeetingStatus", "ItemStatus"],
            "targeting": ["LeadStatus", "SiteStatus", "CatalogueStatus"],
        }.items()
        for name in names
    },
}
