"""Build a large data set in PostgreSQL for the report benchmarks (``benchmarks/reports.py``).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/training_large \\
        python benchmarks/generate_large.py [--officers 100000] [--units 2000]

Creates one agency of ``--units`` units (regions of stations), ``--officers`` officers, three
published courses of five modules with a quiz each, assignments of every course to the whole
agency, and for each officer and course a plausible history: enrolment, modules opened and
completed, a passed quiz attempt with its answers, a completion and its certificate (issued over
the last three years, so some have expired and some expire soon), some revoked. With the
defaults that is about 240,000 enrolments, 930,000 module progress rows, 150,000 attempts with
450,000 answers, 150,000 completions and certificates and 300,000 officers' assignments.

Rows are written with PostgreSQL's COPY, in the database of ``DATABASE_URL``, which must be
migrated and otherwise empty of officers. The ledger is not filled: the reports do not read it.
Not part of the test suite.
"""

import argparse
import json
import os
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training.settings.dev")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, models  # noqa: E402
from wagtail.models import Page  # noqa: E402

from certificates.models import Certificate  # noqa: E402
from compliance import roles  # noqa: E402
from compliance.assignments.models import Assignment, OfficerAssignment  # noqa: E402
from compliance.models import OfficerProfile, OrgUnit, Rank  # noqa: E402
from courses.dates import add_months  # noqa: E402
from courses.models import CourseIndexPage, CoursePage, ModulePage  # noqa: E402
from courses.records import CourseCompletion, Enrolment, ModuleProgress  # noqa: E402
from quizzes.models import Attempt, AttemptAnswer, Question, Quiz  # noqa: E402

User = get_user_model()
TODAY = date.today()
MODULES = 5
COURSES = 3
REGIONS = 40
VALIDITY_MONTHS = 24
INSTRUMENTS = [("ICRMW", "art. 16.2"), ("ICRMW", "art. 22"), ("ICCPR", "art. 7")]


class Table:
    """Rows for one model, written with COPY; unset columns take the field's default."""

    def __init__(self, model):
        self.model = model
        self.fields = model._meta.concrete_fields
        self.next_id = (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1
        self.count = 0

    def new_id(self):
        self.next_id += 1
        return self.next_id - 1

    def _values(self, row):
        for field in self.fields:
            value = row[field.attname] if field.attname in row else field.get_default()
            if isinstance(field, models.JSONField):
                yield json.dumps(value)
            else:
                yield field.get_db_prep_save(value, connection)

    def copy(self, rows):
        columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        sql = f"COPY {connection.ops.quote_name(self.model._meta.db_table)} ({columns}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(list(self._values(row)))
                self.count += 1

    def reset_sequence(self):
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(_NoStyle(), [self.model]):
                cursor.execute(sql)


class _NoStyle:
    def __getattr__(self, name):
        return lambda text: text


STARTED = time.monotonic()


def step(message):
    print(f"[{time.monotonic() - STARTED:6.1f} s] {message}", flush=True)


def moment(day, rng):
    return datetime.combine(day, clock(rng.randrange(7, 19), rng.randrange(60)), tzinfo=UTC)


def build_units(total):
    agency = OrgUnit.add_root(name="Large Police Service", code="lps", kind=OrgUnit.Kind.AGENCY)
    regions = [
        OrgUnit(
            name=f"Region {r + 1}",
            code=f"lps-r{r + 1}",
            kind=OrgUnit.Kind.REGION,
            depth=2,
            path=OrgUnit._get_path(agency.path, 2, r + 1),
        )
        for r in range(REGIONS)
    ]
    per_region, extra = divmod(total - 1 - REGIONS, REGIONS)
    stations = []
    for r, region in enumerate(regions):
        region.numchild = per_region + (r < extra)
        for s in range(region.numchild):
            stations.append(
                OrgUnit(
                    name=f"Station {r + 1}.{s + 1}",
                    code=f"lps-r{r + 1}-s{s + 1}",
                    kind=OrgUnit.Kind.STATION,
                    depth=3,
                    path=OrgUnit._get_path(region.path, 3, s + 1),
                )
            )
    OrgUnit.objects.bulk_create(regions + stations, batch_size=1000)
    OrgUnit.objects.filter(pk=agency.pk).update(numchild=REGIONS)
    return agency, list(OrgUnit.objects.filter(depth=3, path__startswith=agency.path))


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def build_courses():
    home = Page.objects.get(depth=2)
    index = CourseIndexPage.objects.first() or publish(
        home, CourseIndexPage(title="Courses", slug="courses")
    )
    courses = []
    for c in range(COURSES):
        course = publish(
            index,
            CoursePage(
                title=f"Large course {c + 1}",
                slug=f"large-course-{c + 1}-{int(time.time())}",
                summary="Benchmark course.",
                validity_months=VALIDITY_MONTHS,
            ),
        )
        quiz = Quiz.objects.create(
            title=f"Large quiz {c + 1}", slug=f"large-quiz-{course.pk}", pass_mark=50
        )
        questions = [
            Question.objects.create(
                kind=Question.Kind.TRUE_FALSE,
                content=f"Statement {q + 1} of course {c + 1}",
                true_false_answer=True,
                cites_instrument=instrument,
                cites_article=article,
            )
            for q, (instrument, article) in enumerate(INSTRUMENTS)
        ]
        quiz.questions.set(questions)
        modules = [
            publish(
                course,
                ModulePage(
                    title=f"Module {m + 1}",
                    slug=f"module-{m + 1}",
                    body=[{"type": "text", "value": f"<p>Lesson {m + 1}.</p>"}],
                ),
            )
            for m in range(MODULES)
        ]
        courses.append((course, modules, quiz, questions))
    return courses


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--officers", type=int, default=100_000)
    parser.add_argument("--units", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=2001)
    options = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a migrated PostgreSQL database: this uses COPY.")
    if OrgUnit.objects.filter(code="lps").exists():
        sys.exit("This database already holds the large data set.")
    rng = random.Random(options.seed)

    agency, stations = build_units(options.units)
    step(f"{len(stations) + REGIONS + 1} units")
    rank = Rank.objects.get_or_create(name="Constable", defaults={"seniority": 10})[0]
    courses = build_courses()
    step(f"{COURSES} courses of {MODULES} modules, each with a quiz")

    users, profiles = Table(User), Table(OfficerProfile)
    password = make_password("large data set")
    officer_ids = [users.new_id() for _ in range(options.officers)]
    users.copy(
        {
            "id": user_id,
            "username": f"lps{user_id}",
            "first_name": f"Officer{user_id}",
            "last_name": "Large",
            "password": password,
            "is_active": True,
        }
        for user_id in officer_ids
    )
    users.reset_sequence()
    group = Group.objects.get(name=roles.OFFICER)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=i, group_id=group.pk) for i in officer_ids], batch_size=10_000
    )
    units_of = {user_id: rng.choice(stations) for user_id in officer_ids}
    profiles.copy(
        {
            "id": profiles.new_id(),
            "user_id": user_id,
            "agency_id": agency.pk,
            "service_number": f"L{user_id:07d}",
            "unit_id": units_of[user_id].pk,
            "rank_id": rank.pk,
            "preferred_language": "en",
            "unit_joined_on": TODAY - timedelta(days=rng.randrange(30, 3000)),
        }
        for user_id in officer_ids
    )
    profiles.reset_sequence()
    step(f"{users.count} officers with profiles")

    tables = {
        model: Table(model)
        for model in (
            Enrolment,
            ModuleProgress,
            Attempt,
            AttemptAnswer,
            CourseCompletion,
            Certificate,
            OfficerAssignment,
        )
    }
    for course, modules, quiz, questions in courses:
        assignment = Assignment.objects.create(
            course=course, due_within_days=90, starts_on=TODAY - timedelta(days=400)
        )
        assignment.units.set([agency])
        history = [
            officer_history(rng, tables, user_id, course, modules, quiz, questions)
            for user_id in officer_ids
        ]
        for model, table in tables.items():
            if model is not OfficerAssignment:
                table.copy(row for rows in history for row in rows.get(model, ()))
        tables[OfficerAssignment].copy(
            {
                "id": tables[OfficerAssignment].new_id(),
                "assignment_id": assignment.pk,
                "user_id": user_id,
                "course_id": course.pk,
                "unit_id": units_of[user_id].pk,
                "due_on": TODAY + timedelta(days=rng.randrange(-120, 150)),
                "started": ModuleProgress in rows and bool(rows[ModuleProgress]),
                "completed_on": rows["done"][0] if "done" in rows else None,
                "valid_until": rows["done"][1] if "done" in rows else None,
            }
            for user_id, rows in zip(officer_ids, history, strict=True)
        )
        step(f"histories for {course.title}")
    for table in tables.values():
        table.reset_sequence()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    for model, table in tables.items():
        print(f"  {model._meta.verbose_name_plural}: {table.count:,}")
    step("done")


def officer_history(rng, tables, user_id, course, modules, quiz, questions):
    """The rows of one officer's history in one course, by model."""
    if rng.random() > 0.8:
        return {}
    rows = {}
    name = f"Officer{user_id} Large"
    enrolled_on = TODAY - timedelta(days=rng.randrange(60, 1200))
    enrolment_id = tables[Enrolment].new_id()
    rows[Enrolment] = [
        {
            "id": enrolment_id,
            "user_id": user_id,
            "course_id": course.pk,
            "user_name": name,
            "course_title": course.title,
            "source": Enrolment.Source.ASSIGNMENT,
            "enrolled_at": moment(enrolled_on, rng),
        }
    ]
    completes = rng.random() < 0.625
    opened = MODULES if completes else rng.randrange(MODULES)
    finished_on = enrolled_on + timedelta(days=rng.randrange(1, 50))
    rows[ModuleProgress] = [
        {
            "id": tables[ModuleProgress].new_id(),
            "enrolment_id": enrolment_id,
            "module_id": module.pk,
            "module_title": module.title,
            "opened_at": moment(enrolled_on, rng),
            "completed_at": moment(finished_on, rng) if completes else None,
        }
        for module in modules[:opened]
    ]
    if not completes:
        return rows
    attempt_id = tables[Attempt].new_id()
    correct = [rng.random() < share for share in (0.9, 0.75, 0.6)]
    percent = round(100 * sum(correct) / len(correct), 2)
    rows[Attempt] = [
        {
            "id": attempt_id,
            "user_id": user_id,
            "user_name": name,
            "quiz_id": quiz.pk,
            "quiz_title": quiz.title,
            "attempt_number": 1,
            "pass_mark": 0,
            "question_order": [q.pk for q in questions],
            "status": Attempt.Status.PASSED,
            "score": sum(correct),
            "max_score": len(correct),
            "percent": percent,
            "started_at": moment(finished_on, rng),
            "submitted_at": moment(finished_on, rng),
            "decided_at": moment(finished_on, rng),
        }
    ]
    rows[AttemptAnswer] = [
        {
            "id": tables[AttemptAnswer].new_id(),
            "attempt_id": attempt_id,
            "question_id": question.pk,
            "kind": question.kind,
            "boolean_answer": is_correct,
            "is_correct": is_correct,
            "awarded_score": 1 if is_correct else 0,
            "answered_at": moment(finished_on, rng),
        }
        for question, is_correct in zip(questions, correct, strict=True)
    ]
    completion_id = tables[CourseCompletion].new_id()
    rows[CourseCompletion] = [
        {
            "id": completion_id,
            "enrolment_id": enrolment_id,
            "user_id": user_id,
            "course_id": course.pk,
            "user_name": name,
            "course_title": course.title,
            "completed_at": moment(finished_on, rng),
        }
    ]
    certificate_id = tables[Certificate].new_id()
    expires_on = add_months(finished_on, VALIDITY_MONTHS)
    revoked = rng.random() < 0.01
    rows[Certificate] = [
        {
            "id": certificate_id,
            "completion_id": completion_id,
            "user_id": user_id,
            "course_id": course.pk,
            "number": f"LPS-{finished_on.year}-{certificate_id:07d}",
            "holder_name": name,
            "service_number": f"L{user_id:07d}",
            "agency_name": "Large Police Service",
            "course_title": course.title,
            "completed_on": finished_on,
            "score": percent,
            "issuer_name": "Large Police Service",
            "language": "en",
            "issued_on": finished_on,
            "expires_on": expires_on,
            "status": Certificate.Status.REVOKED if revoked else Certificate.Status.VALID,
            "revoked_reason": "Benchmark revocation." if revoked else "",
            "created_at": moment(finished_on, rng),
        }
    ]
    if not revoked:
        rows["done"] = (finished_on, expires_on)
    return rows


if __name__ == "__main__":
    main()
