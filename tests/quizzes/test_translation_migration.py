"""Making quizzes translatable keeps existing content: it moves to the default locale."""

import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("quizzes", "0003_translatable_quizzes_bootstrap")]
AFTER = [("quizzes", "0005_translatable_quizzes")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_quizzes_questions_and_answers_get_the_default_locale_and_fresh_keys():
    apps = migrate(BEFORE)
    Quiz = apps.get_model("quizzes", "Quiz")
    Question = apps.get_model("quizzes", "Question")
    Answer = apps.get_model("quizzes", "Answer")
    quiz = Quiz.objects.create(title="Custody", slug="custody", pass_mark=50)
    question = Question.objects.create(content="Who must be told?", source_key="bank:1")
    question.quizzes.add(quiz)
    for content in ("The consul", "Nobody"):
        Answer.objects.create(question=question, content=content, sort_order=0)
    assert Answer.objects.filter(locale__isnull=True, translation_key__isnull=True).count() == 2

    apps = migrate(AFTER)
    Locale = apps.get_model("wagtailcore", "Locale")
    default = Locale.objects.get(language_code="en")
    keys = []
    for name in ("Quiz", "Question", "Answer"):
        rows = list(apps.get_model("quizzes", name).objects.all())
        assert rows and all(row.locale_id == default.pk for row in rows)
        keys += [row.translation_key for row in rows]
    assert all(isinstance(key, uuid.UUID) for key in keys)
    assert len(set(keys)) == len(keys) == 4
    migrated = apps.get_model("quizzes", "Question").objects.get()
    assert migrated.source_key == "bank:1"
    assert [q.slug for q in migrated.quizzes.all()] == ["custody"]
