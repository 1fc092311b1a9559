import copy
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from quizzes.models import (
    Answer,
    Attempt,
    AttemptAnswer,
    Category,
    CategoryProgress,
    Question,
    Quiz,
    SubCategory,
)

from ..factories import UserFactory
from .factories import CategoryFactory, QuizFactory

pytestmark = pytest.mark.django_db

SAMPLE = Path("/work/shared/fixtures/django_quiz_sample.json")
MODELS = (Category, SubCategory, Quiz, Question, Answer, Attempt, AttemptAnswer, CategoryProgress)


@pytest.fixture
def records():
    return json.loads(SAMPLE.read_text())


@pytest.fixture
def mensah(db):
    return UserFactory(username="k.mensah", first_name="Kwame", last_name="Mensah")


def write(tmp_path, records, name="export.json"):
    path = tmp_path / name
    path.write_text(json.dumps(records) if not isinstance(records, str) else records)
    return path


def run(path, *args):
    out = StringIO()
    call_command("import_django_quiz", str(path), *args, stdout=out)
    return out.getvalue()


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def record(records, model, pk):
    return next(r for r in records if r["model"] == model and r["pk"] == pk)


SAMPLE_COUNTS = {
    "Category": 2,
    "SubCategory": 1,
    "Quiz": 2,
    "Question": 6,
    "Answer": 8,
    "Attempt": 1,
    "AttemptAnswer": 4,
    "CategoryProgress": 1,
}


def test_the_sample_is_imported_completely(mensah):
    output = run(SAMPLE)

    assert counts() == SAMPLE_COUNTS
    assert output.splitlines()[1:] == [
        "  categories: 2 created, 0 already present",
        "  sub-categories: 1 created, 0 already present",
        "  quizzes: 2 created, 0 already present",
        "  questions: 6 created, 0 already present (1 essay, 3 multiple choice, 2 true or false)",
        "  answers: 8 created, 0 already present",
        "  attempts (sittings): 1 created, 0 already present",
        "  category progress: 1 created, 0 already present",
        "  users: 1 in the file, 1 matched to users of this site",
        "Skipped: 0",
    ]


def test_quiz_settings_are_kept(mensah):
    run(SAMPLE)
    custody = Quiz.objects.get(slug="custody-foreign-nationals")
    assert custody.title == "Custody of foreign nationals"
    assert custody.category.name == "detention"
    assert (custody.random_order, custody.max_questions, custody.answers_at_end) == (True, 4, True)
    assert (custody.exam_paper, custody.single_attempt, custody.pass_mark) == (True, False, 75)
    assert (custody.success_text, custody.draft) == ("Well done.", False)
    draft = Quiz.objects.get(slug="force-draft")
    assert draft.draft and draft.single_attempt and draft.attempt_limit == 1
    assert custody.source_key == "django-quiz-app:quiz:1"


def test_the_three_question_types_are_imported_with_their_answers(mensah):
    run(SAMPLE)
    kinds = dict(Question.objects.values_list("source_key", "kind"))
    assert kinds == {
        "django-quiz-app:question:1": "multiple_choice",
        "django-quiz-app:question:2": "multiple_choice",
        "django-quiz-app:question:3": "multiple_choice",
        "django-quiz-app:question:4": "true_false",
        "django-quiz-app:question:5": "true_false",
        "django-quiz-app:question:6": "essay",
    }
    consular = Question.objects.get(source_key="django-quiz-app:question:1")
    assert consular.answer_order == Question.AnswerOrder.RANDOM
    assert consular.sub_category.name == "consular notification"
    assert [(a.content, a.correct) for a in consular.answers.all()] == [
        ("The consular post of the person's State of origin", True),
        ("The person's employer", False),
        ("No one until charges are filed", False),
    ]
    force = Question.objects.get(source_key="django-quiz-app:question:3")
    assert force.answer_order == Question.AnswerOrder.NONE  # null in django-quiz-app
    assert set(force.quizzes.values_list("slug", flat=True)) == {
        "custody-foreign-nationals",
        "force-draft",
    }
    assert Question.objects.get(source_key="django-quiz-app:question:4").true_false_answer is True
    assert Question.objects.get(source_key="django-quiz-app:question:5").true_false_answer is False


def test_the_sitting_becomes_an_attempt_with_its_answers(mensah):
    run(SAMPLE)
    attempt = Attempt.objects.get()
    question = {q.source_key.rsplit(":", 1)[1]: q for q in Question.objects.all()}
    assert attempt.user == mensah and attempt.user_name == "Kwame Mensah"
    assert attempt.quiz.slug == "custody-foreign-nationals"
    assert attempt.question_order == [question[pk].pk for pk in ("1", "2", "4", "5")]
    assert (attempt.score, attempt.max_score, attempt.percent) == (3, 4, 75)
    assert attempt.status == Attempt.Status.PASSED  # 75% against a pass mark of 75
    assert attempt.started_at.isoformat() == "2019-03-04T10:00:00+00:00"
    assert attempt.submitted_at.isoformat() == "2019-03-04T10:12:30+00:00"
    given = {a.question_id: a for a in attempt.answers.all()}
    passport = given[question["2"].pk]
    assert passport.is_correct is False
    assert passport.selected_answer_ids == [
        Answer.objects.get(source_key="django-quiz-app:answer:4").pk
    ]
    assert given[question["4"].pk].boolean_answer is True
    assert given[question["5"].pk].is_correct is True
    snapshot = attempt.question_snapshot(question["1"].pk)
    assert snapshot["content"].startswith("When a detained foreign national asks")


def test_progress_is_mapped_to_the_category(mensah):
    run(SAMPLE)
    progress = CategoryProgress.objects.get()
    assert (progress.user, progress.category.name) == (mensah, "detention")
    assert (progress.score, progress.possible) == (3, 4)


def test_running_it_twice_duplicates_nothing(mensah):
    run(SAMPLE)
    output = run(SAMPLE)
    assert counts() == SAMPLE_COUNTS
    assert "  quizzes: 0 created, 2 already present" in output
    assert "  questions: 0 created, 6 already present" in output
    assert "  attempts (sittings): 0 created, 1 already present" in output
    assert "  category progress: 0 created, 1 already present" in output
    assert CategoryProgress.objects.get().score == 3


def test_existing_quizzes_and_categories_are_matched_not_duplicated(mensah):
    CategoryFactory(name="detention")
    existing = QuizFactory(slug="custody-foreign-nationals", title="Our own custody quiz")
    output = run(SAMPLE)
    assert "  categories: 1 created, 1 already present" in output
    assert "  quizzes: 1 created, 1 already present" in output
    existing.refresh_from_db()
    assert existing.title == "Our own custody quiz"  # left as it was
    assert existing.questions.count() == 6  # the sample's questions joined it


def test_sittings_and_progress_of_unknown_users_are_skipped_with_the_reason(db):
    output = run(SAMPLE)
    assert not Attempt.objects.exists() and not CategoryProgress.objects.exists()
    assert Question.objects.count() == 6
    assert "  users: 1 in the file, 0 matched to users of this site" in output
    assert "Skipped: 2" in output
    assert "  - Sitting 1: no user of this site has the username “k.mensah”." in output
    assert "  - Progress 1: no user of this site has the username “k.mensah”." in output


def test_unknown_models_and_questions_without_a_quiz_are_skipped(tmp_path, records, mensah):
    records.append({"model": "admin.logentry", "pk": 1, "fields": {}})
    records.append({"model": "admin.logentry", "pk": 2, "fields": {}})
    records.append(
        {
            "model": "quiz.question",
            "pk": 7,
            "fields": {
                "quiz": [],
                "category": None,
                "sub_category": None,
                "figure": "",
                "content": "An orphan question",
                "explanation": "",
            },
        }
    )
    records.append({"model": "true_false.tf_question", "pk": 7, "fields": {"correct": True}})

    output = run(write(tmp_path, records))

    assert Question.objects.count() == 6
    assert "Skipped: 2" in output
    assert "  - 2 admin.logentry record(s): not part of django-quiz-app's data." in output
    assert "  - Question 7 (“An orphan question”): it is in no quiz." in output


def test_an_answer_of_another_question_is_kept_and_noted(tmp_path, records, mensah):
    """django-quiz-app never checked that an answer belonged to its question."""
    _set("quiz.sitting", 1, "user_answers", '{"1": "7", "2": "4", "4": "True", "5": "False"}')(
        records
    )
    output = run(write(tmp_path, records))
    assert (
        "Sitting 1: the answer given to question 1 was answer 7, which belongs to question 3."
        in output
    )
    assert Attempt.objects.get().score == 3  # as django-quiz-app recorded it


def test_incomplete_sittings_are_skipped(tmp_path, records, mensah):
    record(records, "quiz.sitting", 1)["fields"]["complete"] = False
    output = run(write(tmp_path, records))
    assert not Attempt.objects.exists()
    assert "  - Sitting 1: it was never finished." in output


def test_a_figure_is_noted_as_not_imported(tmp_path, records, mensah):
    record(records, "quiz.question", 2)["fields"]["figure"] = "uploads/passport.png"
    output = run(write(tmp_path, records))
    assert "Question 2: its figure “uploads/passport.png” was not imported" in output


def _delete(records, model, pk):
    records.remove(record(records, model, pk))


def _set(model, pk, name, value):
    def change(records):
        record(records, model, pk)["fields"][name] = value

    return change


def _drop_field(model, pk, name):
    def change(records):
        del record(records, model, pk)["fields"][name]

    return change


MALFORMED = {
    "missing field": (
        _drop_field("quiz.quiz", 1, "url"),
        "Record 5 (quiz.quiz pk 1): the field “url” is missing.",
    ),
    "wrong type": (
        _set("quiz.quiz", 2, "pass_mark", "high"),
        'Record 6 (quiz.quiz pk 2): the field “pass_mark” must be an integer, not "high".',
    ),
    "pass mark out of range": (
        _set("quiz.quiz", 2, "pass_mark", 120),
        "Record 6 (quiz.quiz pk 2): its “pass_mark” is not between 0 and 100.",
    ),
    "missing category": (
        _set("quiz.question", 2, "category", 9),
        "Record 9 (quiz.question pk 2): “category” refers to quiz.category pk 9, "
        "which is not in the file.",
    ),
    "missing quiz": (
        _set("quiz.question", 2, "quiz", [1, 5]),
        "Record 9 (quiz.question pk 2): “quiz” refers to quiz.quiz pk 5, which is not in the file.",
    ),
    "answer of a missing question": (
        _set("multichoice.answer", 8, "question", 40),
        "Record 26 (multichoice.answer pk 8): “question” refers to 40, "
        "which is not a multiple-choice question.",
    ),
    "type record without its question": (
        lambda records: _delete(records, "quiz.question", 5),
        "Record 15 (true_false.tf_question pk 5): there is no quiz.question record "
        "with pk 5 for it to extend.",
    ),
    "sitting asked a missing question": (
        _set("quiz.sitting", 1, "question_order", "1,2,4,9,"),
        "Record 27 (quiz.sitting pk 1): it asked question 9, which is not in the file.",
    ),
    "sitting answer that is not in the file": (
        _set("quiz.sitting", 1, "user_answers", '{"1": "99", "2": "4", "4": "True"}'),
        "Record 27 (quiz.sitting pk 1): the answer to question 1 refers to answer 99, "
        "which is not in the file.",
    ),
    "progress that cannot be read": (
        _set("quiz.progress", 1, "score", "detention,three,4,"),
        "Record 28 (quiz.progress pk 1): “score” must be “category,score,possible,” triples.",
    ),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_a_malformed_file_imports_nothing_and_says_what_is_wrong(tmp_path, records, mensah, case):
    change, problem = MALFORMED[case]
    change(records)

    with pytest.raises(CommandError) as error:
        run(write(tmp_path, records))

    lines = str(error.value).splitlines()
    assert lines[0] == f"Nothing was imported from {tmp_path / 'export.json'}:"
    assert f"  - {problem}" in lines
    assert all(count == 0 for count in counts().values())


def test_every_problem_is_reported_at_once(tmp_path, records, mensah):
    _drop_field("quiz.quiz", 1, "url")(records)
    _set("quiz.category", 2, "category", 3)(records)
    with pytest.raises(CommandError) as error:
        run(write(tmp_path, records))
    assert len(str(error.value).splitlines()) == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[{", "The file is not valid JSON: Expecting property name enclosed in double quotes"),
        ('{"model": "quiz.quiz"}', "The file must hold a JSON list of records"),
        ("[42]", "Record 1: it is not an object with a “model”."),
    ],
)
def test_a_file_that_is_not_a_dumpdata_export_imports_nothing(tmp_path, content, message):
    with pytest.raises(CommandError) as error:
        run(write(tmp_path, content))
    assert message in str(error.value)
    assert all(count == 0 for count in counts().values())


def test_a_failure_while_writing_rolls_everything_back(tmp_path, records, mensah, monkeypatch):
    from quizzes.importers import django_quiz

    def fail(self):
        raise RuntimeError("disk full")

    monkeypatch.setattr(django_quiz.DjangoQuizImporter, "_import_progress", fail)
    with pytest.raises(RuntimeError):
        run(SAMPLE)
    assert all(count == 0 for count in counts().values())


def test_a_long_list_of_problems_is_cut_short(tmp_path):
    records = [{"model": "quiz.category", "pk": pk, "fields": {}} for pk in range(1, 151)]
    with pytest.raises(CommandError) as error:
        run(write(tmp_path, records))
    lines = str(error.value).splitlines()
    assert len(lines) == 1 + 100 + 1
    assert lines[-1] == "  … and 50 more problems."


def test_a_missing_file_is_reported(tmp_path):
    with pytest.raises(CommandError, match="There is no file"):
        run(tmp_path / "nope.json")


def test_each_source_keeps_its_own_keys(mensah):
    run(SAMPLE)
    run(SAMPLE, "--source", "ministry-b")
    assert Question.objects.count() == 12
    assert Quiz.objects.count() == 2  # matched on slug


def test_verbose_output_shows_progress(mensah):
    out = StringIO()
    call_command("import_django_quiz", str(SAMPLE), verbosity=2, stdout=out)
    assert "Checked 28 records." in out.getvalue()


def test_records_are_not_modified_in_place(records):
    original = copy.deepcopy(records)
    from quizzes.importers.django_quiz import DjangoQuizImporter

    DjangoQuizImporter(records).check()
    assert [r["fields"] for r in records] == [r["fields"] for r in original]
