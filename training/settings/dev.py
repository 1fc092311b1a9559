"""Settings for running the site on a developer's machine or as a local demo."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="insecure-dev-key-only-for-local-demos-never-deploy-it")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The demo's trainer, auditor and admin log in with their password alone; deployed sites
# (production settings) require a second factor of them. Set TRAINING_REQUIRE_2FA=true to try it.
TRAINING_REQUIRE_2FA = env.bool("TRAINING_REQUIRE_2FA", default=False)
# The demo runs without a worker: tasks run as soon as they are enqueued.
TASKS = {
    "default": {
        "BACKEND": env.str(
            "TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}
