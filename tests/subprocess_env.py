"""Run manage.py or pytest in a child process with a controlled environment."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: Variables a child must not inherit, so each test states the environment it relies on.
CONTROLLED = {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DEBUG"}


def run_python(*args, env=None, timeout=300):
    child_env = {k: v for k, v in os.environ.items() if k not in CONTROLLED}
    child_env.update(env or {})
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT_ROOT,
        env=child_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
