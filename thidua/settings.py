"""Thi Đua settings: everything comes from environment variables (see .env.example)."""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from thidua.env import env_bool, env_int, env_list, env_str, parse_database_url

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me" if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when DEBUG is false")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "audit",
    "jobs",
    "organisation",
    "honours",
    "cycle",
    "scoring",
    "voting",
    "eligibility",
    "commendation",
    "stats",
    "news",
    "api",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "thidua.middleware.VietnameseByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "thidua.middleware.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "thidua.urls"
WSGI_APPLICATION = "thidua.wsgi.application"

FORM_RENDERER = "thidua.forms.BootstrapFormRenderer"

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
                "thidua.context_processors.menu",
            ],
        },
    },
]

DATABASES = {
    "default": parse_database_url(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 600),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "organisation.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "organisation:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True
# Off on purpose: with it, {{ obj.pk }} renders 1.144 and breaks ids, hx-targets and query strings.
# Counts shown to users go through |intcomma, which groups them the Vietnamese way (1.234).
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["thidua.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 20 * 1024 * 1024)
# Imports run as jobs (a worker runs them, the page shows progress); tests run them inline.
IMPORT_IN_BACKGROUND = env_bool("IMPORT_IN_BACKGROUND", True)
# Eligibility pages of a scope with at least this many serving people read the stored verdicts a job keeps fresh
# (eligibility.stored); smaller scopes are judged at once (a district's hundreds of officers take milliseconds).
ELIGIBILITY_STORED_FROM = env_int("ELIGIBILITY_STORED_FROM", 3000)
# The whole organisation's facts (the recompute of stored verdicts) read the two biggest tables on connections of
# their own, in parallel with the rest (PostgreSQL, outside a transaction only).
ELIGIBILITY_PARALLEL_LOAD = env_bool("ELIGIBILITY_PARALLEL_LOAD", True)
# A history import's dry run of more data rows than this is a job too (its preview waits on the job's page).
HISTORY_DRY_RUN_INLINE_ROWS = env_int("HISTORY_DRY_RUN_INLINE_ROWS", 2000)

# Long work runs as jobs (jobs/): Django's tasks framework (the django-tasks backport) on its database backend,
# so SQLite needs nothing more and PostgreSQL serves several workers. `manage.py jobs_worker` runs them (after
# recovering the jobs a dead worker left running); `make run` starts one beside the server. Tests keep this
# backend and drain the queue with `db_worker --batch`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A running job whose heartbeat (every JOBS_HEARTBEAT_SECONDS) is older than this is abandoned at a worker start.
JOBS_STALE_MINUTES = env_int("JOBS_STALE_MINUTES", 10)
JOBS_HEARTBEAT_SECONDS = 30
JOBS_PROGRESS_SECONDS = 1  # at most one progress UPDATE a second per job
# Who sees everyone's jobs (pages and API): jobs sits under organisation, which defines the roles.
JOBS_SEES_ALL = "organisation.permissions.is_admin"

SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
