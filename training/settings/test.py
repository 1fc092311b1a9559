"""Settings for the test suite: SQLite by default, PostgreSQL when DATABASE_URL names it."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

SECRET_KEY = "test-secret-key-not-for-any-real-deployment"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'test.sqlite3'}"),
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Tests sign users in with force_login(); tests/security turns the second factor on.
TRAINING_REQUIRE_2FA = False
# The test client's login() authenticates without a request: let it, and lock out as usual
# wherever a request is given (every login form).
AUTHENTICATION_BACKENDS = [
    "tests.security.backends.RequestOptionalLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
