"""Per-quiz results and the most missed questions: access per role, figures, exports, queries."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quizzes import services
from quizzes.models import Question

from ..factories import OfficerProfileFactory
from .factories import QuizFactory, essay, multiple_choice, true_false

pytestmark = pytest.mark.django_db

RESULTS = reverse("quizzes_results_report")
MISSED = reverse("quizzes_missed_questions_report")


def sit(user, quiz, right):
    """Hand in an attempt with the questions whose content is in ``right`` answered correctly."""
    attempt = services.start_attempt(user, quiz)
    for question in attempt.questions_as_asked():
        correct = question["content"] in right
        if question["kind"] == "multiple_choice":
            ids = [a["id"] for a in question["answers"] if a["correct"] is correct]
            payload = {"answer_ids": ids[:1] if not correct else ids}
        elif question["kind"] == "true_false":
            payload = {"answer": question["true_false_answer"] is correct}
        else:
            payload = {"text": "An essay."}
        services.submit_answer(attempt, user, question["id"], payload)
    return services.finish_attempt(attempt, user=user)


@pytest.fixture
def results(org_tree):
    """Custody: 4 attempts, 3 passed, 1 failed; "Who is told?" missed 3 times out of 4.

    Force: one attempt awaiting marking. A third quiz nobody took does not appear.
    """
    custody = QuizFactory(title="Custody", pass_mark=50)
    multiple_choice(custody, content="Who is told?")
    true_false(custody, content="Separate cells.", answer=True)
    force = QuizFactory(title="Force", pass_mark=50)
    true_false(force, content="Force is a last resort.", answer=True)
    essay(force, content="Explain proportionality.")
    QuizFactory(title="Untaken")

    officers = [profile.user for profile in OfficerProfileFactory.create_batch(4)]
    sit(officers[0], custody, right={"Who is told?", "Separate cells."})  # 100%
    sit(officers[1], custody, right={"Separate cells."})  # 50%, passed
    sit(officers[2], custody, right={"Separate cells."})  # 50%, passed
    sit(officers[3], custody, right=set())  # 0%, failed
    sit(officers[0], force, right={"Force is a last resort."})  # awaiting marking
    services.start_attempt(officers[1], force)  # in progress: not counted
    return {"custody": custody, "force": force}


@pytest.fixture
def trainer_client(client, trainer):
    client.force_login(trainer)
    return client


def download(client, url, export, **params):
    response = client.get(url, {"export": export, **params})
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def xlsx_rows(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return list(sheet.iter_rows(values_only=True))


# Access, per role


@pytest.mark.parametrize("url", [RESULTS, MISSED])
def test_anonymous_visitors_are_sent_to_the_admin_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize("url", [RESULTS, MISSED])
@pytest.mark.parametrize("role", ["officer", "auditor", "training administrator"])
def test_roles_other_than_trainer_cannot_see_results(client, role_users, results, role, url):
    client.force_login(role_users[role])
    for params in ({}, {"export": "csv"}, {"export": "xlsx"}):
        response = client.get(url, params)
        assert response.status_code in (302, 403)
        assert b"Custody" not in response.content


@pytest.mark.parametrize(
    ("role", "shown"),
    [("trainer", True), ("auditor", False), ("training administrator", False)],
)
def test_the_reports_menu_shows_results_to_trainers_only(client, role_users, role, shown):
    client.force_login(role_users[role])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert ("Quiz results" in html) is shown
    assert ("Most missed questions" in html) is shown


# Results per quiz


def test_results_per_quiz(trainer_client, results):
    response = trainer_client.get(RESULTS)
    assert response.status_code == 200
    rows = {row["title"]: row for row in response.context["object_list"]}
    assert set(rows) == {"Custody", "Force"}
    custody = rows["Custody"]
    assert (custody["attempts"], custody["passed"], custody["failed"]) == (4, 3, 1)
    assert custody["awaiting_marking"] == 0
    assert custody["pass_rate"] == Decimal("75.0")
    assert custody["average_percent"] == Decimal("50.0")
    force = rows["Force"]
    assert (force["attempts"], force["awaiting_marking"]) == (1, 1)
    assert force["pass_rate"] is None and force["average_percent"] is None
    html = response.content.decode()
    assert "75.0 %" in html
    assert f"{MISSED}?quiz={results['custody'].pk}" in html


def test_results_filter_by_quiz(trainer_client, results):
    response = trainer_client.get(RESULTS, {"quiz": results["force"].pk})
    assert [row["title"] for row in response.context["object_list"]] == ["Force"]


def test_a_deleted_quiz_keeps_its_results_under_its_recorded_title(trainer_client, results):
    results["custody"].delete()
    rows = trainer_client.get(RESULTS).context["object_list"]
    assert {row["title"]: row["attempts"] for row in rows} == {"Custody": 4, "Force": 1}


def test_results_download_as_csv(trainer_client, results):
    lines = download(trainer_client, RESULTS, "csv").decode().splitlines()
    assert lines[0] == (
        "Quiz,Attempts,Awaiting marking,Passed,Failed,Pass rate (%),Average score (%)"
    )
    assert lines[1] == "Custody,4,0,3,1,75.0,50.0"
    assert lines[2] == "Force,1,1,0,0,,"


def test_results_download_as_xlsx(trainer_client, results):
    rows = xlsx_rows(download(trainer_client, RESULTS, "xlsx"))
    assert rows[0][:3] == ("Quiz", "Attempts", "Awaiting marking")
    assert rows[1][:5] == ("Custody", 4, 0, 3, 1)
    assert Decimal(str(rows[1][5])) == Decimal("75.0")
    assert rows[2][0] == "Force"


# The questions most often missed


def test_missed_questions_come_most_missed_first(trainer_client, results):
    rows = list(trainer_client.get(MISSED).context["object_list"])
    first = rows[0]
    assert (first["question_text"], first["quiz_title"]) == ("Who is told?", "Custody")
    assert (first["answered"], first["missed"], first["miss_rate"]) == (4, 3, Decimal("75.0"))
    texts = [row["question_text"] for row in rows]
    assert texts.index("Separate cells.") > 0
    assert "Explain proportionality." not in texts  # not marked yet


def test_missed_questions_filter_by_quiz(trainer_client, results):
    rows = trainer_client.get(MISSED, {"quiz": results["force"].pk}).context["object_list"]
    assert [(row["question_text"], row["missed"]) for row in rows] == [
        ("Force is a last resort.", 0)
    ]


def test_a_deleted_question_is_named_as_it_was_asked(trainer_client, results):
    Question.objects.get(content="Who is told?").delete()
    rows = trainer_client.get(MISSED).context["object_list"]
    assert rows[0]["question_text"] == "Who is told?"


def test_missed_questions_download_as_csv(trainer_client, results):
    lines = download(trainer_client, MISSED, "csv").decode().splitlines()
    assert lines[0] == "Question ID,Question,Kind,Quiz,Answers marked,Missed,Miss rate (%)"
    question = Question.objects.get(content="Who is told?")
    assert lines[1] == f"{question.pk},Who is told?,Multiple choice,Custody,4,3,75.0"


def test_missed_questions_download_as_xlsx(trainer_client, results):
    rows = xlsx_rows(download(trainer_client, MISSED, "xlsx"))
    assert rows[0][1] == "Question"
    assert rows[1][1:6] == ("Who is told?", "Multiple choice", "Custody", 4, 3)


# Query counts


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", [RESULTS, MISSED])
def test_reports_run_a_constant_number_of_queries(trainer_client, results, url):
    _queries(trainer_client, url)  # warm caches
    few = _queries(trainer_client, url)
    for profile in OfficerProfileFactory.create_batch(6):
        sit(profile.user, results["custody"], right={"Separate cells."})
        quiz = QuizFactory()
        multiple_choice(quiz)
        sit(profile.user, quiz, right=set())
    assert _queries(trainer_client, url) == few
