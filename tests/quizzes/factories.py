"""Factories for the quiz engine: categories, quizzes and questions of each kind."""

import factory
from django.utils.text import slugify
from wagtail.models import Locale

from quizzes import services
from quizzes.models import Answer, Category, Question, Quiz, SubCategory
from quizzes.scoring import model_payload


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Category {n}")


class SubCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubCategory

    name = factory.Sequence(lambda n: f"Sub-category {n}")
    category = factory.SubFactory(CategoryFactory)


class QuizFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quiz

    title = factory.Sequence(lambda n: f"Quiz {n}")
    slug = factory.LazyAttribute(lambda quiz: slugify(quiz.title))
    pass_mark = 50


class QuestionFactory(factory.django.DjangoModelFactory):
    """A question; pass ``quizzes=[...]`` to put it in quizzes' pools."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    kind = Question.Kind.MULTIPLE_CHOICE
    content = factory.Sequence(lambda n: f"Question {n}?")
    explanation = "Because the standard says so."
    answer_order = Question.AnswerOrder.NONE
    cites_instrument = "ICRMW"
    cites_article = "art. 16"

    @factory.post_generation
    def quizzes(question, create, extracted, **kwargs):
        if create and extracted:
            question.quizzes.set(extracted)


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    question = factory.SubFactory(QuestionFactory)
    content = factory.Sequence(lambda n: f"Answer {n}")
    correct = False
    sort_order = factory.Sequence(lambda n: n)


def multiple_choice(*quizzes, correct=("Right",), wrong=("Wrong", "Also wrong"), **kwargs):
    """A multiple-choice question with the given correct and wrong answers, in that order."""
    question = QuestionFactory(kind=Question.Kind.MULTIPLE_CHOICE, quizzes=quizzes, **kwargs)
    for content in correct:
        AnswerFactory(question=question, content=content, correct=True)
    for content in wrong:
        AnswerFactory(question=question, content=content, correct=False)
    return question


def true_false(*quizzes, answer=True, **kwargs):
    return QuestionFactory(
        kind=Question.Kind.TRUE_FALSE, true_false_answer=answer, quizzes=quizzes, **kwargs
    )


def essay(*quizzes, **kwargs):
    return QuestionFactory(kind=Question.Kind.ESSAY, quizzes=quizzes, **kwargs)


def correct_ids(question):
    return sorted(question.answers.filter(correct=True).values_list("pk", flat=True))


def wrong_ids(question):
    return sorted(question.answers.filter(correct=False).values_list("pk", flat=True))


def take_quiz(user, quiz, *, correct=True, essay_text="I would explain it."):
    """Start, answer every question (right, or wrong when ``correct`` is False) and hand in."""
    attempt = services.start_attempt(user, quiz)
    for question in attempt.questions_as_asked():
        payload = model_payload(question, correct=correct, essay_text=essay_text)
        services.submit_answer(attempt, user, question["id"], payload)
    return services.finish_attempt(attempt, user=user)


def translate_quiz(quiz, language, **fields):
    """Save ``quiz`` in ``language`` with ``fields`` (its texts), as a trainer's published
    translation would be."""
    locale, _created = Locale.objects.get_or_create(language_code=language)
    translation = quiz.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save()
    return translation


def translate_question(question, language, *, answers=(), **fields):
    """Save ``question`` in ``language`` with ``fields`` and its options' texts ``answers``
    (in the source's order; options left out keep the source text)."""
    locale, _created = Locale.objects.get_or_create(language_code=language)
    translation = question.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    options = sorted(translation.answers.all(), key=lambda option: option.sort_order)
    for option, content in zip(options, answers, strict=False):
        option.content = content
    translation.save()
    return translation
