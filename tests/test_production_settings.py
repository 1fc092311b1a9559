"""Production settings refuse to run half-configured and pass Django's deployment checks."""

import json
import secrets

from .subprocess_env import run_python

PRODUCTION = {"DJANGO_SETTINGS_MODULE": "training.settings.production"}


def test_production_settings_refuse_to_start_without_secret_key():
    result = run_python("manage.py", "check", env={**PRODUCTION, "ALLOWED_HOSTS": "example.org"})
    assert result.returncode != 0
    assert "The SECRET_KEY environment variable is not set" in result.stderr


def test_production_settings_refuse_to_start_without_allowed_hosts():
    result = run_python(
        "manage.py", "check", env={**PRODUCTION, "SECRET_KEY": secrets.token_urlsafe(64)}
    )
    assert result.returncode != 0
    assert "The ALLOWED_HOSTS environment variable is not set" in result.stderr


def test_deploy_check_is_clean_with_production_variables(tmp_path):
    result = run_python(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            **PRODUCTION,
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "training.police.example",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        },
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


SHOW_SERVING = (
    "import json; from django.conf import settings as s; print(json.dumps(["
    "s.MIDDLEWARE[:4], s.STORAGES['staticfiles']['BACKEND'], s.TASKS['default']['BACKEND'], "
    "s.RQ_QUEUES, s.CACHES['default']['BACKEND'], s.DATABASES['default']['CONN_HEALTH_CHECKS']]))"
)


def test_production_serves_static_files_logs_requests_and_can_queue_on_redis(tmp_path):
    result = run_python(
        "manage.py",
        "shell",
        "-c",
        SHOW_SERVING,
        env={
            **PRODUCTION,
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "training.police.example",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "TASKS_BACKEND": "django_tasks_rq.RQBackend",
        },
    )
    assert result.returncode == 0, result.stderr
    # The last line: other lines are JSON log records written while the apps start.
    assert json.loads(result.stdout.splitlines()[-1]) == [
        [
            "training.proxy.ForwardedForMiddleware",
            "training.logs.RequestLogMiddleware",
            "django.middleware.security.SecurityMiddleware",
            "whitenoise.middleware.WhiteNoiseMiddleware",
        ],
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "django_tasks_rq.RQBackend",
        {"default": {"URL": "redis://127.0.0.1:6379/0"}},
        "django.core.cache.backends.redis.RedisCache",
        True,
    ]
