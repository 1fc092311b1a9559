"""Production settings refuse to run half-configured and pass Django's deployment checks."""

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
