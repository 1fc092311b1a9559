"""Compliance reports on a large data set: dashboard, drill-down, transcript, register export.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/training_large \\
        python benchmarks/reports.py [--runs 7]

Run it on the database ``benchmarks/generate_large.py`` filled. Each page is requested through
Django's test client (the whole stack but the network: URL routing, middleware, permission
checks, queries, templates) by a training administrator (whole organisation) or by an auditor
attached to one region, alternating pages run by run so load from other processes touches all
alike. For each page it prints the median and spread of the wall-clock time and the number of
queries. The baseline, in the same process, is the same view on a small scope (one station
with about fifty officers' obligations) against the large one (the whole agency): equal query
counts show they do not grow with the data, and the time ratio shows what the data size costs.

The register export is streamed as CSV for the whole organisation (one row per certificate):
the script reads the stream as a browser would and reports rows, time and the peak memory the
Python process allocated while streaming it (tracemalloc) and its peak resident size.
Not part of the test suite.
"""

import argparse
import os
import platform
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training.settings.dev")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from certificates.models import Certificate  # noqa: E402
from compliance import roles  # noqa: E402
from compliance.assignments.models import OfficerAssignment  # noqa: E402
from compliance.jurisdiction import Jurisdiction  # noqa: E402
from compliance.models import OrgUnit  # noqa: E402

User = get_user_model()


def client_for(username, role, unit=None):
    user, _ = User.objects.get_or_create(username=username)
    user.groups.add(Group.objects.get(name=role))
    if unit is not None:
        Jurisdiction.objects.get_or_create(user=user, unit=unit)
    client = Client()
    client.force_login(user)
    return client


def measure(client, url):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
    if response.status_code != 200:
        sys.exit(f"{url} answered {response.status_code}")
    return elapsed * 1000, len(queries)


def stream_export(client, url):
    tracemalloc.start()
    started = time.perf_counter()
    response = client.get(url)
    rows = sum(chunk.count(b"\n") for chunk in response.streaming_content)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return rows - 1, elapsed, peak / 2**20


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to the PostgreSQL database generate_large.py filled.")
    setup_test_environment()

    agency = OrgUnit.objects.get(code="lps")
    region = OrgUnit.objects.get(code="lps-r1")
    station = OrgUnit.objects.get(code="lps-r1-s1")
    officer = OfficerAssignment.objects.filter(user__officer_profile__unit=station).first().user
    admin = client_for("bench-admin", roles.TRAINING_ADMINISTRATOR)
    auditor = client_for("bench-auditor", roles.AUDITOR, unit=region)

    def scope_size(unit):
        return OfficerAssignment.objects.filter(unit__path__startswith=unit.path).count()

    pages = {
        "dashboard, whole agency (admin)": (admin, reverse("compliance_dashboard")),
        "dashboard, one station (admin)": (
            admin,
            reverse("compliance_dashboard_unit", args=[station.pk]),
        ),
        "dashboard, region (auditor of it)": (
            auditor,
            reverse("compliance_dashboard_unit", args=[region.pk]),
        ),
        "proficiency, whole agency (admin)": (admin, reverse("compliance_proficiency")),
        "proficiency, region (auditor of it)": (
            auditor,
            reverse("compliance_proficiency_unit", args=[region.pk]),
        ),
        "officers of a region (auditor)": (
            auditor,
            reverse("compliance_officers", args=[region.pk]),
        ),
        "officers of a station (auditor)": (
            auditor,
            reverse("compliance_officers", args=[station.pk]),
        ),
        "officer's transcript (auditor)": (
            auditor,
            reverse("compliance_transcript", args=[officer.pk]),
        ),
    }
    for client, url in pages.values():  # warm up: connections, templates, caches
        measure(client, url)
    timings = {name: [] for name in pages}
    queries = {}
    for _ in range(options.runs):
        for name, (client, url) in pages.items():
            elapsed, count = measure(client, url)
            timings[name].append(elapsed)
            queries.setdefault(name, set()).add(count)

    print(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, ", end="")
    print(f"Python {platform.python_version()}, PostgreSQL {connection.pg_version // 10000}")
    print(f"Load average before: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        f"Data: {User.objects.count():,} users, {OrgUnit.objects.count():,} units, "
        f"{OfficerAssignment.objects.count():,} officers' assignments, "
        f"{Certificate.objects.count():,} certificates; obligations in scope: agency "
        f"{scope_size(agency):,}, region {scope_size(region):,}, station {scope_size(station):,}"
    )
    print(f"\n{'page':40} {'median ms':>10} {'min':>8} {'max':>8} {'queries':>8}")
    for name, values in timings.items():
        counts = "/".join(str(c) for c in sorted(queries[name]))
        print(
            f"{name:40} {statistics.median(values):10.1f} {min(values):8.1f} "
            f"{max(values):8.1f} {counts:>8}"
        )
    top = statistics.median(timings["dashboard, whole agency (admin)"])
    small = statistics.median(timings["dashboard, one station (admin)"])
    print(f"\nDashboard, whole agency against one station: {top / small:.1f}x the time, ", end="")
    print(
        f"{max(queries['dashboard, whole agency (admin)'])} against "
        f"{max(queries['dashboard, one station (admin)'])} queries"
    )

    rows, elapsed, peak = stream_export(
        admin, reverse("compliance_certificate_register") + "?export=csv"
    )
    print(
        f"Register export (CSV, streamed): {rows:,} rows in {elapsed:.1f} s; peak Python "
        f"allocation while streaming {peak:.1f} MB; peak resident size of the process "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )


if __name__ == "__main__":
    main()
