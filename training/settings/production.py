"""Settings for a deployed site, read from the environment."""

from django.core.exceptions import ImproperlyConfigured

from ..logs import json_logging
from .base import *  # noqa: F403
from .base import DATABASES, MIDDLEWARE, STORAGES, env

DEBUG = False

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "The SECRET_KEY environment variable is not set. Production settings refuse to start "
        "without it. Generate one with: "
        'python -c "import secrets; print(secrets.token_urlsafe(64))"'
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "The ALLOWED_HOSTS environment variable is not set. Give the host names the site answers "
        "to, separated by commas, for example ALLOWED_HOSTS=training.police.example"
    )

# Behind a reverse proxy that terminates TLS, set USE_X_FORWARDED_PROTO=true.
if env.bool("USE_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

# EMAIL_URL, e.g. smtp+tls://user:password@mail.example:587, sets the backend, host and credentials.
_email = env.email_url("EMAIL_URL", default="smtp://localhost:25")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="training@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Structured logs: JSON lines on stdout, one per request (training.logs) and per log record.
LOGGING = json_logging(
    root={"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")}
)
MIDDLEWARE = [
    "training.proxy.ForwardedForMiddleware",
    "training.logs.RequestLogMiddleware",
    *MIDDLEWARE,
]
# The proxies in front of the app servers (addresses or networks): the client's address is read
# from their X-Forwarded-For, so that limits per address count clients, not the proxy.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=["127.0.0.1", "::1"])

# Static files are served by the app servers through WhiteNoise, from the hashed and compressed
# copies collectstatic writes (so they can be cached for a year).
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "whitenoise.middleware.WhiteNoiseMiddleware",
)
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded media and certificate PDFs go through Django's storage API: this machine's disk by
# default, or object storage, for example MEDIA_STORAGE_BACKEND=storages.backends.s3.S3Storage
# with MEDIA_STORAGE_OPTIONS='{"bucket_name": "training-media"}' (see docs/deploy.md).
if env.str("MEDIA_STORAGE_BACKEND", default=""):
    STORAGES["default"] = {
        "BACKEND": env.str("MEDIA_STORAGE_BACKEND"),
        "OPTIONS": env.json("MEDIA_STORAGE_OPTIONS", default={}),
    }

# Keep database connections open between requests, and test them before reuse so a restarted
# or failed-over PostgreSQL costs one reconnect, not an error page.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Load balancers probe the health check over plain HTTP inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
