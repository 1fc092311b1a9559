"""``/health/`` answers 200 when the database, cache and task queue answer, 503 naming the one
that does not, and never says more than "ok" or "failed"."""

import shutil
import socket
import subprocess
import time

import pytest
from django.test import override_settings
from django.urls import reverse

ALL_OK = {"database": "ok", "cache": "ok", "task_queue": "ok"}
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
RQ_QUEUE = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


#: Nothing listens there: connecting is refused at once.
CLOSED = f"redis://127.0.0.1:{free_port()}/0"


def redis_cache(url):
    return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}


@pytest.fixture(scope="module")
def redis_url():
    """A throwaway Redis server on a free port, without persistence."""
    executable = shutil.which("redis-server")
    if executable is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    server = subprocess.Popen(
        [
            executable,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


def get_health(client):
    return client.get(reverse("health"))


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_QUEUE)
def test_healthy_site_answers_200_with_every_check_ok(client):
    response = get_health(client)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": ALL_OK}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_redis_cache_and_rq_queue_are_checked(client, redis_url):
    with override_settings(
        CACHES=redis_cache(redis_url), TASKS=RQ_QUEUE, RQ_QUEUES={"default": {"URL": redis_url}}
    ):
        response = get_health(client)
    assert response.status_code == 200
    assert response.json()["checks"] == ALL_OK


@pytest.mark.django_db
@override_settings(CACHES=redis_cache(CLOSED))
def test_unreachable_cache_answers_503_naming_the_cache(client, caplog):
    response = get_health(client)
    assert response.status_code == 503
    assert response.json() == {
        "status": "failed",
        "checks": {"database": "ok", "cache": "failed", "task_queue": "ok"},
    }
    # Why it failed is logged for the operator, not shown to the caller.
    assert "Connection refused" not in response.content.decode()
    assert any("'cache' failed" in record.getMessage() for record in caplog.records)


@pytest.mark.django_db
@override_settings(TASKS=RQ_QUEUE, RQ_QUEUES={"default": {"URL": CLOSED}})
def test_unreachable_task_queue_answers_503_naming_the_queue(client):
    response = get_health(client)
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "ok", "task_queue": "failed"}


def test_unreachable_database_answers_503_naming_the_database(client):
    # Without the django_db mark pytest-django refuses every query, as a database that is down
    # would; the page itself needs no database.
    response = get_health(client)
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "failed", "cache": "ok", "task_queue": "ok"}


@pytest.mark.django_db
def test_health_check_only_answers_safe_methods(client):
    assert client.post(reverse("health")).status_code == 405
