"""Production logs are JSON lines, with one line per request carrying its id and duration."""

import json
import logging
import sys

import pytest
from django.test import override_settings
from django.urls import reverse

from training.logs import JSONFormatter
from training.settings import base


def format_record(message, *args, exc_info=None, **extra):
    record = logging.getLogger("training.test").makeRecord(
        "training.test", logging.WARNING, __file__, 1, message, args, exc_info, extra=extra
    )
    return JSONFormatter().format(record)


def test_a_record_is_one_line_of_json_with_time_level_logger_and_message():
    line = format_record("Rendered %d certificates for %s", 3, "Amina Diallo")
    assert "\n" not in line
    entry = json.loads(line)
    assert entry.keys() == {"time", "level", "logger", "message"}
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "training.test"
    assert entry["message"] == "Rendered 3 certificates for Amina Diallo"
    assert entry["time"].endswith("+00:00")


def test_request_fields_and_exceptions_are_kept():
    try:
        raise ValueError("bad input")
    except ValueError:
        exc_info = sys.exc_info()
    entry = json.loads(
        format_record("boom", exc_info=exc_info, request_id="abc", status=500, duration_ms=1.5)
    )
    assert entry["request_id"] == "abc"
    assert entry["status"] == 500
    assert entry["duration_ms"] == 1.5
    assert "ValueError: bad input" in entry["exception"]


LOGGED = override_settings(MIDDLEWARE=["training.logs.RequestLogMiddleware", *base.MIDDLEWARE])


@pytest.mark.django_db
@LOGGED
def test_each_request_is_logged_with_id_method_path_status_and_duration(client, caplog):
    caplog.set_level(logging.INFO, logger="training.requests")
    response = client.get(reverse("login") + "?next=/private-query/")
    (record,) = [r for r in caplog.records if r.name == "training.requests"]
    entry = json.loads(JSONFormatter().format(record))
    assert entry["method"] == "GET"
    assert entry["path"] == reverse("login")  # the query string is left out
    assert entry["status"] == 200
    assert entry["duration_ms"] >= 0
    assert entry["request_id"] == response["X-Request-ID"]
    assert len(entry["request_id"]) == 32


@pytest.mark.django_db
@LOGGED
def test_a_well_formed_request_id_from_the_proxy_is_kept_and_a_bad_one_replaced(client):
    kept = client.get(reverse("login"), headers={"X-Request-ID": "proxy-1234.abc"})
    assert kept["X-Request-ID"] == "proxy-1234.abc"
    replaced = client.get(reverse("login"), headers={"X-Request-ID": "x\n{'forged': 1}"})
    assert replaced["X-Request-ID"] != "x\n{'forged': 1}"
    assert len(replaced["X-Request-ID"]) == 32
