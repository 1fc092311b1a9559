"""The quiz engine in Wagtail's admin: snippets, the question bank's filters, inline answers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.snippets.blocks import SnippetChooserBlock
from wagtail.snippets.models import get_snippet_models

from quizzes.models import Category, Question, Quiz, SubCategory

from .factories import CategoryFactory, QuizFactory, essay, multiple_choice, true_false

pytestmark = pytest.mark.django_db


def url(model, view, *args):
    return reverse(model.snippet_viewset.get_url_name(view), args=args)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def test_quizzes_questions_and_categories_are_snippets():
    assert {Quiz, Question, Category, SubCategory} <= set(get_snippet_models())


def test_a_course_block_can_choose_a_quiz():
    quiz = QuizFactory()
    block = SnippetChooserBlock("quizzes.Quiz")
    assert block.target_model is Quiz
    assert block.to_python(quiz.pk) == quiz


def test_the_quizzes_menu_is_in_the_admin(admin_client):
    response = admin_client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert "Question bank" in response.content.decode()


@pytest.mark.parametrize("model", [Quiz, Question, Category, SubCategory])
def test_each_listing_and_add_form_renders(admin_client, model):
    assert admin_client.get(url(model, "list")).status_code == 200
    assert admin_client.get(url(model, "add")).status_code == 200


def test_the_question_bank_filters_by_kind_and_category(admin_client):
    detention = CategoryFactory(name="detention")
    multiple_choice(content="Choice about detention", category=detention)
    true_false(content="Statement about force")
    essay(content="Essay about detention", category=detention)

    by_kind = admin_client.get(url(Question, "list"), {"kind": "essay"}).content.decode()
    assert "Essay about detention" in by_kind
    assert "Choice about detention" not in by_kind

    by_category = admin_client.get(url(Question, "list"), {"category": detention.pk})
    content = by_category.content.decode()
    assert "Choice about detention" in content and "Essay about detention" in content
    assert "Statement about force" not in content


def _listing_queries(client, count):
    for _ in range(count):
        multiple_choice(category=CategoryFactory())
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url(Question, "list")).status_code == 200
    return len(queries)


def test_the_question_bank_runs_a_constant_number_of_queries(admin_client):
    _listing_queries(admin_client, 1)  # warm caches
    assert _listing_queries(admin_client, 3) == _listing_queries(admin_client, 20)


def question_form(**overrides):
    data = {
        "kind": "multiple_choice",
        "content": "Who must be told of the detention?",
        "explanation": "VCCR art. 36.",
        "answer_order": "random",
        "cites_instrument": "VCCR",
        "cites_article": "art. 36",
        "answers-TOTAL_FORMS": "2",
        "answers-INITIAL_FORMS": "0",
        "answers-MIN_NUM_FORMS": "0",
        "answers-MAX_NUM_FORMS": "1000",
        "answers-0-content": "The consular post",
        "answers-0-correct": "on",
        "answers-0-ORDER": "1",
        "answers-1-content": "The employer",
        "answers-1-ORDER": "2",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_a_question_is_created_with_its_answers_inline(admin_client):
    quiz = QuizFactory()
    response = admin_client.post(url(Question, "add"), question_form(quizzes=[quiz.pk]))

    assert response.status_code == 302
    question = Question.objects.get()
    assert question.citation == "VCCR, art. 36"
    assert list(question.quizzes.all()) == [quiz]
    assert [(a.content, a.correct) for a in question.answers.all()] == [
        ("The consular post", True),
        ("The employer", False),
    ]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"answers-0-correct": None}, "Mark at least one answer as correct."),
        (
            {"answers-TOTAL_FORMS": "1", "answers-1-content": None},
            "A multiple-choice question needs at least two answers.",
        ),
        (
            {"kind": "essay"},
            "Only multiple-choice questions have answers: remove them, "
            "or make this a multiple-choice question.",
        ),
        (
            {"kind": "true_false", "answers-TOTAL_FORMS": "0"},
            "Say whether the statement is true or false.",
        ),
    ],
)
def test_an_inconsistent_question_is_refused_with_a_message(admin_client, overrides, message):
    response = admin_client.post(url(Question, "add"), question_form(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Question.objects.exists()


def test_a_quiz_is_created_in_the_admin(admin_client):
    response = admin_client.post(
        url(Quiz, "add"),
        {"title": "Custody", "slug": "custody", "pass_mark": "75", "one_question_per_page": "on"},
    )
    assert response.status_code == 302
    quiz = Quiz.objects.get()
    assert (quiz.pass_mark, quiz.attempt_limit, quiz.draft) == (75, None, False)


def test_a_single_attempt_quiz_with_more_attempts_is_refused(admin_client):
    response = admin_client.post(
        url(Quiz, "add"),
        {
            "title": "Custody",
            "slug": "custody",
            "pass_mark": "75",
            "single_attempt": "on",
            "max_attempts": "3",
        },
    )
    assert response.status_code == 200
    assert "A single-attempt quiz allows exactly one attempt" in response.content.decode()
    assert not Quiz.objects.exists()
