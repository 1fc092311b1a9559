"""Question banks to and from CSV and JSON: round trip, re-import, bad rows, the commands."""

import csv
import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import ModelLogEntry

from quizzes import bank
from quizzes.bank.store import record_of
from quizzes.models import Answer, Category, Question, Quiz, SubCategory

from .factories import (
    CategoryFactory,
    QuizFactory,
    SubCategoryFactory,
    essay,
    multiple_choice,
    true_false,
)

pytestmark = pytest.mark.django_db


def snapshot_of_bank():
    """Every question with its answers, cites and taxonomy, independent of database ids."""
    questions = Question.objects.select_related("category", "sub_category").prefetch_related(
        "answers", "quizzes"
    )
    return sorted((record_of(question).as_data() for question in questions), key=lambda r: r["key"])


def empty_the_bank():
    Answer.objects.all().delete()
    Question.objects.all().delete()
    SubCategory.objects.all().delete()
    Category.objects.all().delete()


@pytest.fixture
def question_bank():
    detention = CategoryFactory(name="Detention")
    consular = SubCategoryFactory(name="Consular access", category=detention)
    force = CategoryFactory(name="Use of force")
    custody = QuizFactory(title="Custody", slug="custody")
    final = QuizFactory(title="Final", slug="final")
    multiple_choice(
        custody,
        final,
        content="Who must be told, without delay, of a foreign national's arrest?",
        correct=("The consular post, if the person asks", "The person, of that right"),
        wrong=("The employer",),
        category=detention,
        sub_category=consular,
        cites_instrument="VCCR",
        cites_article="art. 36(1)(b)",
        answer_order=Question.AnswerOrder.CONTENT,
        explanation="Article 36 says so.\nOn two lines, with a comma, and “quotes”.",
    )
    true_false(
        custody,
        answer=False,
        content="An identity document may be confiscated, no receipt needed.",
        category=detention,
        cites_instrument="ICRMW",
        cites_article="art. 21",
    )
    essay(final, content="Describe a proportionate use of force.", category=force)
    true_false(answer=True, content="A statement in the bank but in no quiz.", explanation="")
    return {"custody": custody, "final": final}


# Round trip


@pytest.mark.parametrize("extension", ["csv", "json"])
def test_export_then_import_into_an_empty_bank_gives_identical_questions(
    tmp_path, question_bank, extension
):
    path = tmp_path / f"bank.{extension}"
    call_command("export_question_bank", str(path), verbosity=0)
    before = snapshot_of_bank()
    assert all(record["key"] for record in before)  # keys given on export and kept

    empty_the_bank()
    call_command("import_question_bank", str(path), verbosity=0)

    assert snapshot_of_bank() == before
    assert Question.objects.count() == 4
    assert Answer.objects.count() == 3


@pytest.mark.parametrize("extension", ["csv", "json"])
def test_a_bank_without_quizzes_round_trips_into_an_empty_database(tmp_path, extension):
    multiple_choice(content="Choose.", category=CategoryFactory(name="Force"))
    essay(content="Explain.")
    path = tmp_path / f"bank.{extension}"
    call_command("export_question_bank", str(path), verbosity=0)
    before = snapshot_of_bank()
    empty_the_bank()
    Quiz.objects.all().delete()

    call_command("import_question_bank", str(path), verbosity=0)
    assert snapshot_of_bank() == before


def test_csv_export_keeps_spreadsheets_from_running_cells_as_formulas(tmp_path):
    multiple_choice(
        content='=HYPERLINK("http://attacker.example", "Click")',
        correct=("+1 is right",),
        wrong=("-1", "@SUM(A1:A2)"),
    )
    path = tmp_path / "bank.csv"
    call_command("export_question_bank", str(path), verbosity=0)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    cells = [rows[0][column] for column in ("content", "answer_1", "answer_2", "answer_3")]
    assert all(cell.startswith("'") for cell in cells)

    before = snapshot_of_bank()
    empty_the_bank()
    call_command("import_question_bank", str(path), verbosity=0)
    assert snapshot_of_bank() == before


@pytest.mark.parametrize("extension", ["csv", "json"])
def test_importing_the_same_file_twice_duplicates_nothing(tmp_path, question_bank, extension):
    path = tmp_path / f"bank.{extension}"
    call_command("export_question_bank", str(path), verbosity=0)
    before = snapshot_of_bank()
    ids = sorted(Answer.objects.values_list("pk", flat=True))

    out = io.StringIO()
    call_command("import_question_bank", str(path), stdout=out)
    call_command("import_question_bank", str(path), stdout=out)

    assert snapshot_of_bank() == before
    assert sorted(Answer.objects.values_list("pk", flat=True)) == ids
    assert "0 to create, 0 to update, 4 unchanged." in out.getvalue()


def test_an_edited_file_updates_the_questions_it_names(tmp_path, question_bank):
    path = tmp_path / "bank.csv"
    call_command("export_question_bank", str(path), verbosity=0)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    rows[0]["cites_article"] = "art. 36"
    rows[0]["answer_3"] = "The embassy's lawyer"
    rows[0]["correct"] = "1"
    new = dict.fromkeys(rows[0], "")
    new.update(key="new-01", kind="essay", content="A new essay question.", quizzes="final")
    rows.append(new)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")

    out = io.StringIO()
    call_command("import_question_bank", str(path), stdout=out, verbosity=2)

    assert "1 to create, 1 to update, 3 unchanged." in out.getvalue()
    assert "cites_article, answers changed" in out.getvalue()
    question = Question.objects.get(content__startswith="Who must be told")
    assert question.cites_article == "art. 36"
    assert [(a.content, a.correct) for a in question.answers.all()] == [
        ("The consular post, if the person asks", True),
        ("The person, of that right", False),
        ("The embassy's lawyer", False),
    ]
    created = Question.objects.get(source_key="new-01")
    assert list(created.quizzes.all()) == [question_bank["final"]]
    assert ModelLogEntry.objects.filter(action="quizzes.question.import").count() == 2


def test_export_can_be_limited_to_a_category(tmp_path, question_bank):
    path = tmp_path / "detention.json"
    call_command("export_question_bank", str(path), category="Detention", verbosity=0)
    questions = json.loads(path.read_text(encoding="utf-8"))["questions"]
    assert {q["category"] for q in questions} == {"Detention"}
    assert len(questions) == 2


def test_export_runs_a_constant_number_of_queries(question_bank):
    bank.export_records()  # keys given
    with CaptureQueriesContext(connection) as few:
        bank.export_records()
    for _ in range(10):
        multiple_choice(category=CategoryFactory())
    bank.export_records()
    with CaptureQueriesContext(connection) as many:
        bank.export_records()
    assert len(many) == len(few)


def test_the_json_export_has_the_documented_shape(tmp_path, question_bank):
    path = tmp_path / "bank.json"
    call_command("export_question_bank", str(path), verbosity=0)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert (document["format"], document["version"]) == ("question-bank", 1)
    first = document["questions"][0]
    assert set(first) == {
        "key",
        "kind",
        "category",
        "sub_category",
        "quizzes",
        "content",
        "answers",
        "true_false_answer",
        "answer_order",
        "explanation",
        "cites_instrument",
        "cites_article",
    }
    assert first["quizzes"] == ["custody", "final"]
    assert first["answers"][0] == {
        "content": "The consular post, if the person asks",
        "correct": True,
    }


# Bad files import nothing and name every bad row


CSV_HEADER = "key,kind,category,content,answer_1,answer_2,correct,quizzes\n"


def import_text(tmp_path, name, text, **options):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    call_command("import_question_bank", str(path), verbosity=0, **options)


def test_bad_rows_import_nothing_and_are_each_named(tmp_path, question_bank):
    text = CSV_HEADER + (
        "ok-1,essay,Detention,A fine question.,,,,\n"
        "bad-kind,mcq,Detention,Which?,A,B,1,\n"
        "no-correct,multiple_choice,,Which?,A,B,,\n"
        "tf-bad,true_false,,Is it?,,,maybe,\n"
        ",essay,,No key.,,,,\n"
        "ok-1,essay,,Same key again.,,,,\n"
        "far,multiple_choice,,Which?,A,B,3,\n"
        "quiz,essay,,In a missing quiz.,,,,nowhere\n"
    )
    before = snapshot_of_bank()
    with pytest.raises(CommandError) as error:
        import_text(tmp_path, "bank.csv", text)
    message = str(error.value)

    assert message.startswith("Nothing was imported from")
    assert "Row 3 (key bad-kind): the kind “mcq” is not one of" in message
    assert "Row 4 (key no-correct): no answer is marked correct." in message
    assert "Row 5 (key tf-bad): “correct” must be true or false" in message
    assert "Row 6: “key” is empty." in message
    assert "Row 7 (key ok-1): the key is used already by Row 2." in message
    assert "Row 8 (key far): “correct” names answer 3, but there is no such answer." in message
    assert "Row 2" not in message.replace("by Row 2", "")
    assert snapshot_of_bank() == before
    assert not Question.objects.filter(source_key="ok-1").exists()


def test_a_row_naming_an_unknown_quiz_imports_nothing(tmp_path, question_bank):
    text = CSV_HEADER + (
        "ok-1,essay,Detention,A fine question.,,,,custody\n"
        "quiz,essay,,In a missing quiz.,,,,custody|nowhere\n"
    )
    with pytest.raises(CommandError) as error:
        import_text(tmp_path, "bank.csv", text)
    assert "Row 3 (key quiz): there is no quiz with the slug “nowhere”." in str(error.value)
    assert not Question.objects.filter(source_key__in=["ok-1", "quiz"]).exists()


def test_bad_json_questions_are_each_named(tmp_path):
    document = {
        "format": "question-bank",
        "version": 1,
        "questions": [
            {"key": "a", "kind": "essay", "content": "Fine."},
            {"key": "b", "kind": "true_false", "content": "No answer."},
            {
                "key": "c",
                "kind": "multiple_choice",
                "content": "One answer.",
                "answers": [{"content": "Only", "correct": True}],
            },
            {"key": "d", "kind": "essay", "content": 12, "colour": "blue"},
            "not an object",
        ],
    }
    with pytest.raises(CommandError) as error:
        import_text(tmp_path, "bank.json", json.dumps(document))
    message = str(error.value)
    assert "Question 2 (key b): say whether the statement is true or false." in message
    assert "Question 3 (key c): a multiple-choice question needs at least two answers." in message
    assert "Question 4 (key d): unknown fields: colour." in message
    assert "Question 4 (key d): “content” must be text." in message
    assert "Question 5: it is not an object." in message
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bank.txt", "x", "The file name must end in .csv or .json"),
        ("bank.json", "{not json", "The file is not valid JSON"),
        ("bank.json", "[]", "The file must hold an object with a “questions” list."),
        ("bank.csv", "", "The file is empty"),
        ("bank.csv", "key,kind,colour\n", "The column “colour” is not one of the format's."),
        ("bank.csv", "key,kind\n", "Required columns are missing: content."),
        ("bank.csv", CSV_HEADER, "The file holds no questions."),
    ],
)
def test_an_unusable_file_is_refused_with_a_message(tmp_path, name, content, message):
    with pytest.raises(CommandError) as error:
        import_text(tmp_path, name, content)
    assert message in str(error.value)
    assert not Question.objects.exists()


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "bank.csv"
    path.write_bytes((CSV_HEADER + "k,essay,,Caf\xe9 question,,,,\n").encode("latin-1"))
    with pytest.raises(CommandError, match=re.escape("The file is not UTF-8 text.")):
        call_command("import_question_bank", str(path), verbosity=0)


def test_a_dry_run_says_what_would_change_and_writes_nothing(tmp_path):
    out = io.StringIO()
    path = tmp_path / "bank.csv"
    path.write_text(CSV_HEADER + "k-1,multiple_choice,Force,Which?,A,B,1|2,\n", encoding="utf-8")
    call_command("import_question_bank", str(path), dry_run=True, stdout=out)
    assert "Dry run: nothing was written." in out.getvalue()
    assert "1 to create, 0 to update, 0 unchanged." in out.getvalue()
    assert "New categories: Force." in out.getvalue()
    assert not Question.objects.exists() and not Category.objects.exists()


def test_export_refuses_an_unknown_category_or_extension(tmp_path):
    with pytest.raises(CommandError, match=re.escape("There is no category named “Nope”.")):
        call_command("export_question_bank", str(tmp_path / "b.csv"), category="Nope")
    with pytest.raises(CommandError, match=re.escape("must end in .csv or .json")):
        call_command("export_question_bank", str(tmp_path / "b.xlsx"))


# The documented examples import as documented


def _doc_block(language):
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "question-bank-format.md").read_text()
    start = text.index(f"```{language}\n") + len(language) + 4
    return text[start : text.index("```", start)]


@pytest.mark.parametrize(("language", "extension"), [("csv", "csv"), ("json", "json")])
def test_the_documented_examples_import(tmp_path, language, extension):
    QuizFactory(slug="custody-basics")
    QuizFactory(slug="final-assessment")
    import_text(tmp_path, f"example.{extension}", _doc_block(language))

    first = Question.objects.get(source_key="custody-01")
    assert first.citation == "ICRMW, art. 16(7)"
    assert first.sub_category.name == "Consular access"
    assert [a.correct for a in first.answers.all()] == [True, False, False]
    assert Question.objects.get(source_key="custody-02").true_false_answer is False
    assert Question.objects.get(source_key="force-01").kind == "essay"


# Importing in the admin, with a preview


IMPORT = reverse("quizzes_question_bank_import")
GOOD_CSV = CSV_HEADER + "k-1,multiple_choice,Force,Which?,A,B,1,\nk-2,essay,,Explain.,,,,\n"


def upload(client, text, name="bank.csv"):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, text.encode("utf-8"))})


def test_anonymous_visitors_are_sent_to_the_admin_login(client, db):
    response = client.get(IMPORT)
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize("role", ["officer", "auditor", "training administrator"])
def test_other_roles_cannot_import(client, role_users, role):
    client.force_login(role_users[role])
    assert client.get(IMPORT).status_code in (302, 403)
    assert upload(client, GOOD_CSV).status_code in (302, 403)
    assert not Question.objects.exists()


def test_a_trainer_previews_then_applies_an_import(client, trainer):
    client.force_login(trainer)
    listing = client.get(reverse(Question.snippet_viewset.get_url_name("list")))
    assert IMPORT in listing.content.decode()

    preview = upload(client, GOOD_CSV)
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "2 to create, 0 to update, 0 unchanged." in html
    assert "New categories: Force" in html
    assert not Question.objects.exists()  # the preview writes nothing

    response = client.post(IMPORT, {"payload": preview.context["payload"]})
    assert response.status_code == 302
    assert Question.objects.count() == 2
    assert ModelLogEntry.objects.filter(action="quizzes.question.import", user=trainer).count() == 2


def test_the_admin_shows_every_bad_row_and_imports_nothing(client, trainer):
    client.force_login(trainer)
    response = upload(client, CSV_HEADER + "a,essay,,Fine.,,,,\nb,mcq,,Bad.,,,,\n,essay,,,,,,\n")
    html = response.content.decode()
    assert "Nothing was imported." in html
    assert "Row 3 (key b): the kind “mcq” is not one of" in html
    assert "Row 4: “key” is empty." in html
    assert "payload" not in html
    assert not Question.objects.exists()


def test_a_tampered_preview_is_refused(client, trainer):
    client.force_login(trainer)
    payload = upload(client, GOOD_CSV).context["payload"]
    response = client.post(IMPORT, {"payload": payload[:-2] + "xx"}, follow=True)
    assert "The preview has expired or was altered" in response.content.decode()
    assert not Question.objects.exists()
