"""Load test: officers log in, read modules and take quizzes against gunicorn and PostgreSQL.

    pip install -e '.[bench,postgres]'
    python benchmarks/load.py [--users 100] [--run-time 120] [--spawn-rate 2] [--workers N]
                              [--report docs/benchmarks/load.md --label "..."]

Everything runs on loopback and is bounded in users and time. The script

1. creates a fresh PostgreSQL database (PG_HOST, PG_PORT, user postgres), migrates it, collects
   the static files and seeds the demo;
2. adds ``--users`` officers of its own (``load001``...), enrolled in the demo course, so that
   no two simulated officers share an account;
3. starts the production configuration under gunicorn (``training.gunicorn``, ``--workers``
   processes, default 2 x cores + 1) on a free port, talking plain HTTP with
   ``X-Forwarded-Proto: https`` as the TLS proxy in front of it would;
4. runs locust headless, as a library: officers start at ``--spawn-rate`` per second, each
   logs in once, then over and over opens their training page, reads a module, and takes the
   module's quiz (start page, start, every question, each answer submitted, finish, result),
   thinking 1 to 3 s between pages. The ramp-up (with the logins) and the ``--run-time``
   seconds with every officer busy are measured apart;
5. stops the users (each first hands in the quiz it is taking, within a minute), then checks
   the database against what the clients saw: every attempt they started exists exactly once,
   none they did not start, and every attempt they handed in is finished with exactly the
   answers the server accepted from them;
6. prints users, requests, p50/p95/p99 per request type, errors and the attempts checked, and
   with ``--report`` writes them into that Markdown file, between its results markers.

The database and gunicorn are removed at the end. Exits 1 on request errors or a failed check.
Not part of the test suite.
"""

# locust patches the standard library for gevent; it must come before anything else.
import locust  # isort: skip

import argparse
import contextlib
import http.cookiejar
import os
import platform
import random
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import gevent
from locust.contrib.fasthttp import FastHttpUser
from locust.env import Environment

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))
PYTHON = sys.executable
PG_HOST = os.environ.get("PG_HOST", "127.0.0.1")
PG_PORT = os.environ.get("PG_PORT", "5432")
USERNAME_PREFIX = "load"
RESULTS_START, RESULTS_END = "<!-- results:start -->", "<!-- results:end -->"

#: The request types the target is about: p95 under 500 ms.
TARGET_P95_MS = 500
TARGETED = ("module page", "answer submission")
#: The longest wait for every officer to log in, in seconds.
RAMP_UP_LIMIT = 600


# What the simulated officers saw, checked against the database at the end


class Ledger:
    """Attempts as the clients saw them: started, answers accepted (HTTP 302), handed in."""

    def __init__(self):
        self.answers = Counter()
        self.started = set()
        self.finished = set()

    def check(self, user_prefix):
        """Compare with the database; return (lines to print, problems)."""
        from django.db.models import Count

        from quizzes.models import Attempt

        attempts = {
            attempt.pk: attempt
            for attempt in Attempt.objects.filter(user__username__startswith=user_prefix)
            .annotate(answer_count=Count("answers"))
            .only("pk", "status")
        }
        problems = []
        missing = self.started - attempts.keys()
        unexpected = attempts.keys() - self.started
        if missing:
            problems.append(f"attempts started but not in the database: {sorted(missing)}")
        if unexpected:
            problems.append(f"attempts in the database no client started: {sorted(unexpected)}")
        for pk in sorted(self.finished & attempts.keys()):
            attempt = attempts[pk]
            if attempt.is_open:
                problems.append(f"attempt {pk} was handed in but is {attempt.status}")
            if attempt.answer_count != self.answers[pk]:
                problems.append(
                    f"attempt {pk} has {attempt.answer_count} answers; "
                    f"the server accepted {self.answers[pk]}"
                )
        statuses = Counter(attempt.status for attempt in attempts.values())
        lines = [
            f"attempts started by the clients: {len(self.started)}, in the database: "
            f"{len(attempts)} ({', '.join(f'{n} {s}' for s, n in sorted(statuses.items()))})",
            f"attempts handed in and checked answer by answer: {len(self.finished)} "
            f"({sum(self.answers[pk] for pk in self.finished)} answers)",
        ]
        return lines, problems


LEDGER = Ledger()
#: The officers logged in so far: the ramp-up ends when all are.
LOGGED_IN = set()
#: Filled in by main() before the users start: module addresses and their quizzes' slugs.
STUDY = []
PASSWORD = secrets.token_urlsafe(16)


# The simulated officer


class BehindProxyCookies(http.cookiejar.DefaultCookiePolicy):
    """Return secure cookies over the loopback's plain HTTP: the server sees HTTPS."""

    def return_ok_secure(self, cookie, request):
        return True


def form_token(html):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if match is None:
        raise RuntimeError("The page has no form with a CSRF token.")
    return match.group(1)


def answer_fields(html):
    """A random answer to the question on the page, as the form would post it."""
    question = re.search(r'name="question" value="(\d+)"', html).group(1)
    options = re.findall(r'name="(q\d+-answer)" id="[^"]*" value="([^"]*)"', html)
    if options:
        name = options[0][0]
        return {"question": question, name: random.choice(options)[1]}
    essay = re.search(r'<textarea[^>]*name="(q\d+-answer)"', html).group(1)
    return {"question": question, essay: "I would keep calm, find an interpreter and report."}


class Officer(FastHttpUser):
    wait_time = locust.between(1, 3)
    network_timeout = 60
    connection_timeout = 60
    usernames = iter(())  # main() sets it

    def think(self):
        """Pause between pages. Not ``self.wait()``: a user asked to stop would end there, and
        each user should hand in the attempt it is taking."""
        gevent.sleep(random.uniform(1, 3))

    def on_start(self):
        self.client.cookiejar.set_policy(BehindProxyCookies())
        self.username = next(self.usernames)
        self.logged_in = False
        with contextlib.suppress(locust.exception.RescheduleTask):  # tried again in the task
            self.log_in()

    def log_in(self):
        page = self.get("/accounts/login/", "login page")
        data = {"csrfmiddlewaretoken": form_token(page), "username": self.username}
        self.post("/accounts/login/", "login", {**data, "password": PASSWORD, "next": ""})
        self.logged_in = True
        LOGGED_IN.add(self.username)

    def headers(self, path=None):
        headers = {"X-Forwarded-Proto": "https"}
        if path:
            # Django's CSRF check on HTTPS wants a same-origin Referer.
            headers["Referer"] = f"https://{urlsplit(self.host).netloc}{path}"
        return headers

    def get(self, path, name, expect=200):
        with self.client.get(
            path, name=name, headers=self.headers(), allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != expect:
                response.failure(f"{path}: {response.status_code}, expected {expect}")
                raise locust.exception.RescheduleTask()
            return response.headers.get("Location") if expect == 302 else response.text

    def post(self, path, name, data):
        """POST a form; the answer must be a redirect (POST-redirect-GET). Return its target."""
        with self.client.post(
            path,
            name=name,
            data=data,
            headers=self.headers(path),
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"{path}: {response.status_code}, expected a redirect")
                raise locust.exception.RescheduleTask()
            return urlsplit(response.headers["Location"]).path

    @locust.task
    def study_a_module(self):
        if not self.logged_in:
            self.log_in()
        module_url, quiz_slug = random.choice(STUDY)
        self.get("/my-training/", "my training")
        self.think()
        self.get(module_url, "module page")
        self.think()
        self.take_quiz(quiz_slug)

    def take_quiz(self, slug):
        start = f"/quizzes/{slug}/"
        page = self.get(start, "quiz start page")
        attempt_url = self.post(start, "quiz start", {"csrfmiddlewaretoken": form_token(page)})
        attempt = int(re.search(r"/attempts/(\d+)/", attempt_url).group(1))
        LEDGER.started.add(attempt)
        self.get(attempt_url, "attempt", expect=302)
        number, total = 1, None
        while total is None or number <= total:
            path = f"/quizzes/attempts/{attempt}/questions/{number}/"
            page = self.get(path, "question page")
            total = total or int(re.search(r"Question \d+ of (\d+)", page).group(1))
            if 'name="question"' in page:
                self.think()
                data = {"csrfmiddlewaretoken": form_token(page), **answer_fields(page)}
                self.post(path, "answer submission", data)
                LEDGER.answers[attempt] += 1
            number += 1
        finish = f"/quizzes/attempts/{attempt}/finish/"
        page = self.get(finish, "finish page")
        result = self.post(finish, "finish", {"csrfmiddlewaretoken": form_token(page)})
        LEDGER.finished.add(attempt)
        self.get(result, "result page")


# Setting up and tearing down the stack


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment(database_url, workdir, port, workers):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "training.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "USE_X_FORWARDED_PROTO": "true",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "DEMO_PASSWORD": PASSWORD,
        "BIND": f"127.0.0.1:{port}",
        "LOG_LEVEL": "INFO",
        **({"WEB_CONCURRENCY": str(workers)} if workers else {}),
    }


def manage(environment, log, *args):
    print(f"  manage.py {' '.join(args)}", flush=True)
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        check=True,
    )


def add_load_officers(count):
    """``count`` officers of our own, in the demo stations, enrolled in the demo course."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from compliance import roles
    from compliance.models import OfficerProfile, Rank
    from courses import services
    from courses.models import CoursePage, Enrolment

    course = CoursePage.objects.live().first().default_locale_page
    units = list(OfficerProfile.objects.order_by("unit").values_list("unit", flat=True).distinct())
    rank = Rank.objects.order_by("seniority").first()
    officers = Group.objects.get(name=roles.OFFICER)
    password = make_password(PASSWORD)
    usernames = []
    for number in range(1, count + 1):
        user = get_user_model().objects.create(
            username=f"{USERNAME_PREFIX}{number:03d}",
            first_name="Load",
            last_name=f"Officer {number}",
            password=password,
        )
        user.groups.add(officers)
        OfficerProfile.objects.create(
            user=user,
            unit_id=units[number % len(units)],
            service_number=f"LOAD-{number:05d}",
            rank=rank,
            preferred_language="en",
        )
        services.enrol(user, course, source=Enrolment.Source.SELF)
        usernames.append(user.username)
    return course, usernames


def study_plan(course):
    """(module address, quiz slug) for every module with a quiz: what the officers study.
    Quizzes with an attempt limit (the final assessment) are left out: officers take quizzes
    again and again here."""
    from quizzes.models import Quiz

    plan = []
    for module in course.modules():
        slugs = Quiz.objects.filter(
            pk__in=module.required_quizzes(), single_attempt=False, max_attempts__isnull=True
        ).values_list("slug", flat=True)
        plan.extend((urlsplit(module.get_url()).path, slug) for slug in slugs)
    return plan


def wait_for_health(base_url, server, seconds=120):
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited while starting; see its log.")
        try:
            with urllib.request.urlopen(f"{base_url}/health/", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{base_url}/health/ did not answer 200 in {seconds} s.")


# Running locust and reporting


@dataclass
class Phase:
    """The figures of one part of the run, read before locust's statistics are reset."""

    title: str
    seconds: float
    requests: int
    failures: int
    table: list
    errors: list
    p95: dict  # request name -> p95 in ms

    @classmethod
    def read(cls, title, stats, seconds):
        entries = sorted(
            (entry for entry in stats.entries.values() if entry.num_requests),
            key=lambda entry: entry.name,
        )
        return cls(
            title=title,
            seconds=seconds,
            requests=stats.total.num_requests,
            failures=stats.total.num_failures,
            table=[
                "| request | requests | errors | p50 ms | p95 ms | p99 ms | max ms |",
                "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
                *(table_row(f"{entry.method} {entry.name}", entry) for entry in entries),
                table_row("**all**", stats.total),
            ],
            errors=[
                f"- {error.occurrences} x {error.method} {error.name}: {error.error}"
                for error in stats.errors.values()
            ],
            p95={entry.name: percentile(entry, 0.95) for entry in entries},
        )

    def lines(self):
        rate = self.requests / max(self.seconds, 1)
        return [
            f"#### {self.title}: {self.seconds:.0f} s, {self.requests} requests "
            f"({rate:.1f}/s), {self.failures} errors",
            "",
            *self.table,
            "",
            *(self.errors or ["No request failed."]),
            "",
        ]


def percentile(entry, fraction):
    return entry.get_response_time_percentile(fraction) if entry.num_requests else 0


def table_row(name, entry):
    return (
        f"| {name} | {entry.num_requests} | {entry.num_failures} "
        f"| {percentile(entry, 0.5):.0f} | {percentile(entry, 0.95):.0f} "
        f"| {percentile(entry, 0.99):.0f} | {entry.max_response_time or 0:.0f} |"
    )


def run_locust(base_url, usernames, users, spawn_rate, run_time):
    """Start the officers and wait until all have logged in (the ramp-up), then keep them busy
    for ``run_time`` seconds. Returns the two phases."""
    Officer.usernames = iter(usernames)
    environment = Environment(user_classes=[Officer], host=base_url, stop_timeout=60)
    runner = environment.create_local_runner()
    started = time.monotonic()
    runner.start(users, spawn_rate=spawn_rate)
    runner.spawning_greenlet.join()
    while len(LOGGED_IN) < users and time.monotonic() - started < RAMP_UP_LIMIT:
        gevent.sleep(0.2)
    title = f"Ramp-up: {len(LOGGED_IN)} officers started and logged in"
    ramp_up = Phase.read(title, environment.stats, time.monotonic() - started)
    environment.stats.reset_all()
    started = time.monotonic()
    gevent.spawn_later(run_time, runner.quit)
    runner.greenlet.join()
    title = f"{users} officers at once, then each hands in its quiz"
    return ramp_up, Phase.read(title, environment.stats, time.monotonic() - started)


def machine():
    from django.db import connection

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return (
        f"{os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, PostgreSQL {postgres}; locust, gunicorn and "
        "PostgreSQL on the same machine"
    )


def report(args, workers, ramp_up, steady, check_lines, problems):
    slowest = max((steady.p95.get(name, 0) for name in TARGETED), default=0)
    failures = ramp_up.failures + steady.failures
    met = not problems and not failures and slowest < TARGET_P95_MS
    return [
        f"### {args.label or 'Run'}: {args.users} officers, {args.run_time} s",
        "",
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC. Machine: {machine()}. "
        f"gunicorn: {workers} sync workers. Officers started at {args.spawn_rate}/s; the "
        "ramp-up ends when every officer has logged in.",
        "",
        *ramp_up.lines(),
        *steady.lines(),
        "Database check:",
        "",
        *(f"- {line}" for line in check_lines),
        *(f"- **problem**: {problem}" for problem in problems),
        *([] if problems else ["- every attempt is recorded exactly once, with its answers"]),
        "",
        f"Target (no errors, p95 under {TARGET_P95_MS} ms for module pages and answer "
        f"submissions with every officer busy; slowest p95 here {slowest:.0f} ms): "
        f"**{'met' if met else 'not met'}**.",
    ]


def write_report(path, lines):
    text = path.read_text()
    before, found, rest = text.partition(RESULTS_START)
    _old, found_end, after = rest.partition(RESULTS_END)
    if not (found and found_end):
        sys.exit(f"{path} has no {RESULTS_START} ... {RESULTS_END} section.")
    path.write_text("\n".join([before + RESULTS_START, "", *lines, "", RESULTS_END]) + after)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100, help="concurrent officers")
    parser.add_argument(
        "--run-time", type=int, default=120, help="seconds with every officer started"
    )
    parser.add_argument("--spawn-rate", type=float, default=2, help="officers started per s")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default 2 x cores + 1)")
    parser.add_argument("--report", type=Path, help="Markdown file to write the results into")
    parser.add_argument("--label", default="", help="heading of the results in the report")
    args = parser.parse_args()
    if not 1 <= args.users <= 500 or not 1 <= args.run_time <= 1800:
        sys.exit("Keep the load bounded: 1 to 500 users, 1 to 1800 seconds.")

    database = f"training_load_{int(time.time())}_{os.getpid()}"
    database_url = f"postgres://postgres@{PG_HOST}:{PG_PORT}/{database}"
    workdir = Path(tempfile.mkdtemp(prefix="training-load-"))
    port = free_port()
    environment = server_environment(database_url, workdir, port, args.workers)
    base_url = f"http://127.0.0.1:{port}"
    server = None
    pg = ["-h", PG_HOST, "-p", PG_PORT, "-U", "postgres"]
    subprocess.run(["createdb", *pg, database], check=True)
    try:
        print(f"Preparing {database} (log: {workdir / 'setup.log'})", flush=True)
        with open(workdir / "setup.log", "w") as log:
            for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
                manage(environment, log, *command)
            manage(environment, log, "seed_demo")

        os.environ.update({**environment, "LOG_LEVEL": "WARNING"})
        import django

        django.setup()
        course, usernames = add_load_officers(args.users)
        STUDY.extend(study_plan(course))
        from django.db import connection

        connection.close()

        with open(workdir / "server.log", "w") as log:
            server = subprocess.Popen(
                [PYTHON, "-m", "gunicorn", "-c", "python:training.gunicorn", "training.wsgi"],
                cwd=PROJECT_ROOT,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_for_health(base_url, server)
        workers = args.workers or 2 * os.cpu_count() + 1
        print(
            f"Running {args.users} officers for {args.run_time} s against {base_url} "
            f"({workers} gunicorn workers; {len(STUDY)} modules with a quiz)",
            flush=True,
        )
        ramp_up, steady = run_locust(
            base_url, usernames, args.users, args.spawn_rate, args.run_time
        )
        check_lines, problems = LEDGER.check(USERNAME_PREFIX)
        lines = report(args, workers, ramp_up, steady, check_lines, problems)
        print("\n".join(lines))
        if args.report:
            write_report(args.report, lines)
            print(f"Written to {args.report}")
        return 1 if problems or ramp_up.failures or steady.failures else 0
    except Exception:
        for log in ("setup.log", "server.log"):
            if (workdir / log).exists():
                print(f"== The end of {log}", file=sys.stderr)
                print(*(workdir / log).read_text().splitlines()[-30:], sep="\n", file=sys.stderr)
        raise
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=60)
        from django.db import connections

        connections.close_all()
        subprocess.run(["dropdb", "--if-exists", "--force", *pg, database], check=False)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
