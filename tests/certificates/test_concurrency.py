"""On PostgreSQL, two workers issuing at once still make one certificate and distinct numbers."""

import threading

from django.db import connection

from certificates.models import Certificate
from certificates.services import issue_certificate
from tests.postgres import requires_postgres

from ..factories import OfficerProfileFactory
from .conftest import complete

pytestmark = requires_postgres


def run_together(*calls):
    barrier = threading.Barrier(len(calls))
    errors, results = [], []

    def run(call):
        try:
            barrier.wait()
            results.append(call())
        except Exception as error:  # reported by the assertions
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_two_workers_issuing_the_same_completion_make_one_certificate(officer, course, monkeypatch):
    monkeypatch.setattr("certificates.tasks.enqueue_render", lambda pk: None)
    completion = complete(officer, course)
    results, errors = run_together(
        lambda: issue_certificate(completion), lambda: issue_certificate(completion)
    )
    assert errors == []
    assert Certificate.objects.filter(completion=completion).count() == 1
    assert results[0].pk == results[1].pk


def test_two_completions_issued_at_once_get_consecutive_numbers(org_tree, course, monkeypatch):
    monkeypatch.setattr("certificates.tasks.enqueue_render", lambda pk: None)
    completions = [
        complete(OfficerProfileFactory(unit=org_tree["north_1"]).user, course) for _ in range(2)
    ]
    _results, errors = run_together(*(lambda c=c: issue_certificate(c) for c in completions))
    assert errors == []
    numbers = sorted(Certificate.objects.values_list("number", flat=True))
    assert len(set(numbers)) == 2
    assert [int(n.rsplit("-", 1)[1]) for n in numbers] == [1, 2]
