"""Django settings. Configuration comes from the environment; defaults give the embedded SQLite site.

Environment:
  RXANSWERS_DATABASE_URL  sqlite:///path/to.db (default: var/rxanswers.sqlite3) or postgresql://user:pw@host:port/db
  RXANSWERS_SECRET_KEY    required when RXANSWERS_DEBUG is off in production; a per-install key is generated otherwise
  RXANSWERS_DEBUG         "1" for debug pages
  RXANSWERS_ALLOWED_HOSTS comma-separated
  RXANSWERS_DATA_DIR      bundled dataset directory (default: <repo>/data)
  RXANSWERS_HTTPS         "1" when the site is served over HTTPS: secure cookies, HSTS, HTTP -> HTTPS redirect
  RXANSWERS_BEHIND_PROXY  "1" behind a TLS-terminating reverse proxy that sets X-Forwarded-Proto (and -For)
  RXANSWERS_CSRF_TRUSTED_ORIGINS  comma-separated origins, e.g. https://drugs.example.org
  RXANSWERS_HSTS_SECONDS  HSTS max-age when RXANSWERS_HTTPS=1 (default one year)
  RXANSWERS_HSTS_PRELOAD  "0" leaves "preload" out of the HSTS header
  RXANSWERS_RATE_LIMITS   "0" turns the per-client rate limits off (default on)
  RXANSWERS_PROGRESS      "0" no progress bars in setup/ingest/download, "1" bars even when stderr is no terminal
"""

from __future__ import annotations

import os
import secrets
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import unquote, urlparse

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent.parent  # repository root (src layout)
VAR_DIR = Path(os.environ.get("RXANSWERS_VAR_DIR", BASE_DIR / "var"))
DATA_DIR = Path(os.environ.get("RXANSWERS_DATA_DIR", BASE_DIR / "data"))


def _secret_key() -> str:
    key = os.environ.get("RXANSWERS_SECRET_KEY")
    if key:
        return key
    # No secret in the repo: generate one per install and keep it outside version control.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def database_from_url(url: str) -> dict:
    """Translate RXANSWERS_DATABASE_URL into a Django DATABASES entry."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        name = unquote(parsed.path)
        if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
            name = name.lstrip("/")
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name or str(VAR_DIR / "rxanswers.sqlite3"),
            "OPTIONS": {
                "timeout": 30,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    if parsed.scheme in {"postgres", "postgresql"}:
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
        }
    raise ValueError(f"unsupported RXANSWERS_DATABASE_URL scheme: {parsed.scheme!r}")


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("RXANSWERS_DEBUG", "") == "1"
ALLOWED_HOSTS = [
    h
    for h in os.environ.get("RXANSWERS_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")
    if h
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "rxanswers.core",
    "rxanswers.labels",
    "rxanswers.drugs",
    "rxanswers.search",
    "rxanswers.answers",
    "rxanswers.review",
    "rxanswers.web",
    "rxanswers.api",
    "rxanswers.cli",
    "csp",
]
# The API docs' Swagger UI comes from django-ninja's own templates and static files (no CDN; works offline, under
# CSP). Their folders are listed below rather than "ninja" in INSTALLED_APPS: an installed app is imported at
# start-up, and importing django-ninja (pydantic and all) cost ~0.1 s of every process, `rxanswers ask` included.
# ``find_spec`` locates the package without importing it; ``rxanswers.api.api`` renders the local template.
NINJA_DIR = Path(find_spec("ninja").origin).parent

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",  # outside the page cache: hits answer 304 too
    "rxanswers.web.page_cache.PageCacheMiddleware",  # a hit skips the rest (anonymous public pages only)
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "rxanswers.web.limits.RateLimitMiddleware",
    "rxanswers.api.middleware.ApiRequestMiddleware",
]

ROOT_URLCONF = "rxanswers.urls"
WSGI_APPLICATION = "rxanswers.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [NINJA_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(
        os.environ.get("RXANSWERS_DATABASE_URL") or f"sqlite:///{VAR_DIR / 'rxanswers.sqlite3'}"
    )
}
# Keep each server thread's database connection for a while instead of opening one per request (on SQLite the
# open and its PRAGMAs cost more than a cached page); checked before reuse.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("RXANSWERS_CONN_MAX_AGE", "300"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
RXANSWERS_REVIEW_MAX_AGE_DAYS = int(os.environ.get("RXANSWERS_REVIEW_MAX_AGE_DAYS", "365"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise serves app static files from finders too
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
STATICFILES_DIRS = [NINJA_DIR / "static"]  # ninja/swagger-ui.css ... (see NINJA_DIR)
WHITENOISE_USE_FINDERS = True  # serve app static files without a collectstatic step

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("RXANSWERS_LOG_LEVEL", "WARNING")},
}

# --- HTTPS (docs/security.md) ------------------------------------------------------------------------------
HTTPS = os.environ.get("RXANSWERS_HTTPS", "") == "1"
if os.environ.get("RXANSWERS_BEHIND_PROXY", "") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = False
    RATELIMIT_IP_META_KEY = "HTTP_X_FORWARDED_FOR"  # the proxy's view of the client, first address
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("RXANSWERS_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("RXANSWERS_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# "preload" in the header only allows a submission to the browsers' HSTS preload list (made by hand, at
# hstspreload.org); RXANSWERS_HSTS_PRELOAD=0 leaves it out
SECURE_HSTS_PRELOAD = HTTPS and os.environ.get("RXANSWERS_HSTS_PRELOAD", "1") != "0"
SECURE_REDIRECT_EXEMPT = [r"^api/v1/health$"]

# --- Content-Security-Policy (django-csp): same-origin everything; styles may be inline (page-level <style>) --
from csp.constants import NONE, SELF, UNSAFE_INLINE  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Rate limits (rxanswers.web.limits): per client IP, counted in the cache ----------------------------------
RATE_LIMITS_ON = os.environ.get("RXANSWERS_RATE_LIMITS", "1") != "0"
PAGE_CACHE_ON = os.environ.get("RXANSWERS_PAGE_CACHE", "1") != "0"  # rxanswers.web.page_cache


def _cache(url: str) -> dict:
    """RXANSWERS_CACHE_URL -> a Django cache: empty = in-process memory (one server process);
    ``memcached://host:port`` = a memcached server shared by every worker process (atomic counters, as the rate
    limits need: docs/security.md)."""
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rxanswers"}
    parsed = urlparse(url)
    if parsed.scheme == "memcached" and parsed.hostname:
        return {
            "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
            "LOCATION": f"{parsed.hostname}:{parsed.port or 11211}",
            "KEY_PREFIX": "rxanswers",
            "OPTIONS": {"no_delay": True, "connect_timeout": 2, "timeout": 2},
        }
    raise ValueError(
        f"unsupported RXANSWERS_CACHE_URL {url!r}: use memcached://host:port (or leave it empty)"
    )


CACHE_URL = os.environ.get("RXANSWERS_CACHE_URL", "")
CACHES = {"default": _cache(CACHE_URL)}
RATELIMIT_USE_CACHE = "default"
# locmem counts per process: right for the embedded `rxanswers serve` (one process); `serve --workers N` wants
# RXANSWERS_CACHE_URL so the limits (and cached pages) are shared by the workers
