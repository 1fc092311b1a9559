"""``/health/``: can this app server reach the database, the cache and the task queue?

Load balancers and monitoring call it without logging in, so the answer holds nothing but the
name of each check and "ok" or "failed": 200 when every check passes, 503 otherwise. Why a
check failed goes to the server's log, never into the response (an error message can name hosts
and users).
"""

import logging
import secrets

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

logger = logging.getLogger(__name__)

OK, FAILED = "ok", "failed"


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    """Write a value and read it back: a cache that drops writes is a failed cache. The key is
    new each time, so that servers checking the same cache at once do not mix their values."""
    key = f"health-check-{secrets.token_hex(8)}"
    cache.set(key, "ok", timeout=10)
    if cache.get(key) != "ok":
        raise RuntimeError("The cache did not return the value just written to it.")
    cache.delete(key)


def _database_queue(backend):
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.exists()


def _redis_queue(backend):
    import django_rq

    for queue in backend.queues:
        django_rq.get_connection(queue).ping()


#: How to reach the queue of each task backend package. The others (immediate, dummy) run
#: tasks in-process and have no queue to reach.
QUEUE_CHECKS = {"django_tasks_db": _database_queue, "django_tasks_rq": _redis_queue}


def check_task_queue():
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    package = type(backend).__module__.split(".")[0]
    if package in QUEUE_CHECKS:
        QUEUE_CHECKS[package](backend)


#: The checks, by the name the response gives them.
CHECKS = {"database": check_database, "cache": check_cache, "task_queue": check_task_queue}


def run_checks():
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            logger.exception("Health check %r failed.", name)
            results[name] = FAILED
        else:
            results[name] = OK
    return results


@never_cache
@require_safe
def health(request):
    checks = run_checks()
    healthy = all(result == OK for result in checks.values())
    return JsonResponse(
        {"status": OK if healthy else FAILED, "checks": checks}, status=200 if healthy else 503
    )
