"""Thi Đua settings: everything comes from environment variables (see .env.example)."""

import datetime
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from thidua.env import env_bool, env_int, env_list, env_str, parse_database_url

BASE_DIR = Path(__file__).resolve().parent.parent

# Off unless the environment says DEBUG=true: a server started without settings runs as production would
# (and then refuses to start without a SECRET_KEY). The test suite (thidua/test_settings.py) and the Makefile's
# development commands set it on; `make run` serves the demo with it off and a generated key.
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me" if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when DEBUG is false")
# The key that seals the ballots of an open election (docs/voting-secrecy.md), never stored in the database:
# BALLOT_SEAL_KEY (any string) or a file named by BALLOT_SEAL_KEY_FILE; neither set: derived from SECRET_KEY.
# Back it up apart from the database backups: without it an open election cannot be closed.
BALLOT_SEAL_KEY = env_str("BALLOT_SEAL_KEY", "")
BALLOT_SEAL_KEY_FILE = env_str("BALLOT_SEAL_KEY_FILE", "")
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
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
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
    # Outside the session middleware, so that it sees the session's own save as a write (thidua/routers.py).
    "thidua.routers.ReplicaReadsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "thidua.middleware.VietnameseByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # A signed-in user with a second factor who has not given a code this session reaches only the code page.
    "organisation.otp.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "thidua.middleware.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: turns a refused sign-in of a locked-out username+address into the lockout page.
    "axes.middleware.AxesMiddleware",
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
# A PostgreSQL streaming replica (docs/DEPLOY.md): the statistics and report pages (DATABASE_REPLICA_PATHS) read it,
# except for a browser that wrote in the last DATABASE_REPLICA_STICKY_SECONDS (thidua/routers.py). Never migrated.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = parse_database_url(DATABASE_REPLICA_URL, conn_max_age=env_int("CONN_MAX_AGE", 600))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_REPLICA_READS = "replica" in DATABASES
DATABASE_REPLICA_PATHS = env_list("DATABASE_REPLICA_PATHS", ["/thong-ke/", "/api/v1/stats/"])
DATABASE_REPLICA_STICKY_SECONDS = env_int("DATABASE_REPLICA_STICKY_SECONDS", 10)
DATABASE_ROUTERS = ["thidua.routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "organisation.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Sign-in throttling (django-axes): LOGIN_FAILURE_LIMIT wrong passwords in a row for one username from one
# address lock that pair for LOGIN_COOLOFF_MINUTES (a try during the lock counts and starts the cool-off again);
# a successful sign-in clears the count. The guard backend checks before the password is; API keys never pass
# through it. Every failure is kept (axes' access failure log, with the address) and logged as a warning, every
# sign-in and sign-out in axes' access log; both are read in the Django admin.
AUTHENTICATION_BACKENDS = [
    "organisation.login_guard.LoginGuardBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Cleared by organisation.otp once the sign-in is complete: the password, or the password and the second factor's
# code (a right password alone must not wipe the count of wrong codes).
AXES_RESET_ON_SUCCESS = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "organisation.login_guard.locked_out"
# The server log names the username and address of each failure (axes masks them by default); never a password.
AXES_SENSITIVE_PARAMETERS = ["otp_token"]
# How long a browser stays signed in: a working day by default (seconds), then the login page again.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 9 * 60 * 60)
# Second factor (django-otp, organisation/otp.py): optional for everyone; the roles named here (Role values, e.g.
# "admin,emulation_office") must set it up right after signing in. Wrong codes count with wrong passwords above.
OTP_REQUIRED_ROLES = env_list("OTP_REQUIRED_ROLES", [])
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Thi Đua")
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
# Uploaded and generated files: MEDIA_ROOT on this machine, or an S3-compatible bucket shared by every app server
# (django-storages) when S3_BUCKET is set. Every read and write goes through the storage API (docs/DEPLOY.md).
S3_BUCKET = env_str("S3_BUCKET", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if not S3_BUCKET
    else {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("S3_REGION", "") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID", "") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY", "") or None,
            "location": env_str("S3_PREFIX", ""),
            # As on disk: a second file of the same name gets a new name, never replaces the first.
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": True,
            # A file read for a download is spooled to a temporary file past 5 MB, not held whole in memory.
            "max_memory_size": 5 * 1024 * 1024,
            "addressing_style": env_str("S3_ADDRESSING_STYLE", "path"),
        },
    },
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
# Every Excel import is read within these bounds (documents/bounds.py), refused whole past one: what its parts
# unpack to (declared and counted), its data rows (all sheets read), a row's columns; and it keeps its first
# IMPORT_MAX_ERRORS errors, then says how many more there were. A history file of 100,000 rows unpacks to 30 MB.
IMPORT_MAX_UNCOMPRESSED_BYTES = env_int("IMPORT_MAX_UNCOMPRESSED_BYTES", 100 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 200_000)
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 100)
IMPORT_MAX_ERRORS = env_int("IMPORT_MAX_ERRORS", 500)
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
# Sessions live in the database (Django's default, said here): any app server serves any request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Behind nginx (docs/DEPLOY.md): the addresses of the proxies whose X-Forwarded-For and X-Forwarded-Proto are
# believed; sign-in throttling counts the address they name. Empty: REMOTE_ADDR is the client.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
AXES_CLIENT_IP_CALLABLE = "thidua.proxy.client_ip"
if TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
