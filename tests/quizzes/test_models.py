import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from quizzes.models import Question

from .factories import CategoryFactory, QuestionFactory, QuizFactory, SubCategoryFactory

pytestmark = pytest.mark.django_db


def test_single_attempt_means_a_limit_of_one():
    quiz = QuizFactory(single_attempt=True)
    assert quiz.max_attempts == 1
    assert quiz.attempt_limit == 1


def test_a_limit_of_one_is_a_single_attempt_quiz():
    quiz = QuizFactory(max_attempts=1)
    assert quiz.single_attempt is True


def test_no_limit_by_default():
    assert QuizFactory().attempt_limit is None


def test_single_attempt_with_a_larger_limit_is_refused_with_a_message():
    quiz = QuizFactory.build(single_attempt=True, max_attempts=3)
    with pytest.raises(ValidationError) as error:
        quiz.full_clean()
    assert error.value.message_dict["max_attempts"] == [
        "A single-attempt quiz allows exactly one attempt: "
        "clear this field or untick “single attempt”."
    ]


@pytest.mark.parametrize("pass_mark", [-1, 101])
def test_pass_mark_is_a_percentage(pass_mark):
    quiz = QuizFactory.build(pass_mark=pass_mark)
    with pytest.raises(ValidationError) as error:
        quiz.full_clean()
    assert "pass_mark" in error.value.message_dict


def test_quiz_slugs_are_unique():
    QuizFactory(slug="custody")
    with pytest.raises(IntegrityError):
        QuizFactory(slug="custody", title="Other")


def test_category_names_are_unique():
    CategoryFactory(name="detention")
    with pytest.raises(IntegrityError):
        CategoryFactory._meta.model.objects.create(name="detention")


def test_a_true_false_question_must_say_whether_it_is_true():
    question = QuestionFactory.build(kind=Question.Kind.TRUE_FALSE, true_false_answer=None)
    with pytest.raises(ValidationError) as error:
        question.full_clean()
    assert error.value.message_dict["true_false_answer"] == [
        "Say whether the statement is true or false."
    ]


def test_other_kinds_drop_a_true_false_answer():
    question = QuestionFactory.build(kind=Question.Kind.ESSAY, true_false_answer=True)
    question.full_clean()
    assert question.true_false_answer is None


def test_a_sub_category_of_another_category_is_refused():
    detention, force = CategoryFactory(name="detention"), CategoryFactory(name="force")
    question = QuestionFactory.build(
        category=force, sub_category=SubCategoryFactory(category=detention)
    )
    with pytest.raises(ValidationError) as error:
        question.full_clean()
    assert error.value.message_dict["sub_category"] == [
        "This sub-category belongs to another category (detention)."
    ]


def test_a_question_can_sit_in_several_quizzes_or_none():
    first, second = QuizFactory(), QuizFactory()
    shared = QuestionFactory(quizzes=[first, second])
    banked = QuestionFactory()
    assert set(shared.quizzes.all()) == {first, second}
    assert not banked.quizzes.exists()


def test_citation_joins_instrument_and_article():
    assert QuestionFactory.build(cites_instrument="ICRMW", cites_article="art. 16.7").citation == (
        "ICRMW, art. 16.7"
    )
    assert QuestionFactory.build(cites_instrument="", cites_article="").citation == ""
