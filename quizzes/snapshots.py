"""Copies of quizzes and questions as they are when an attempt starts.

An attempt is scored, reviewed and marked against these copies only, so editing or deleting
a question later never changes what an officer was asked or how it was scored.
"""

from .models import Question
from .scoring import DEFAULT_POINTS


def ordered_answers(question, rng):
    """The question's answers in the order its ``answer_order`` asks for."""
    answers = list(question.answers.all())
    if question.answer_order == Question.AnswerOrder.CONTENT:
        answers.sort(key=lambda answer: answer.content.casefold())
    elif question.answer_order == Question.AnswerOrder.RANDOM:
        rng.shuffle(answers)
    return answers


def question_snapshot(question, rng):
    """The question as asked. Uses prefetched answers and selected related rows only."""
    is_multiple_choice = question.kind == Question.Kind.MULTIPLE_CHOICE
    return {
        "id": question.pk,
        "kind": question.kind,
        "content": question.content,
        "explanation": question.explanation,
        "cites_instrument": question.cites_instrument,
        "cites_article": question.cites_article,
        "citation": question.citation,
        "category_id": question.category_id,
        "category": question.category.name if question.category_id else "",
        "sub_category": question.sub_category.name if question.sub_category_id else "",
        "figure_id": question.figure_id,
        "points": DEFAULT_POINTS,
        "true_false_answer": (
            question.true_false_answer if question.kind == Question.Kind.TRUE_FALSE else None
        ),
        "answers": [
            {"id": answer.pk, "content": answer.content, "correct": answer.correct}
            for answer in (ordered_answers(question, rng) if is_multiple_choice else ())
        ],
    }


def quiz_snapshot(quiz):
    return {
        "id": quiz.pk,
        "title": quiz.title,
        "slug": quiz.slug,
        "pass_mark": quiz.pass_mark,
        "answers_at_end": quiz.answers_at_end,
        "exam_paper": quiz.exam_paper,
        "one_question_per_page": quiz.one_question_per_page,
        "time_limit_minutes": quiz.time_limit_minutes,
        "success_text": quiz.success_text,
        "fail_text": quiz.fail_text,
    }


def attempt_snapshot(quiz, questions, rng):
    return {
        "quiz": quiz_snapshot(quiz),
        "questions": {str(question.pk): question_snapshot(question, rng) for question in questions},
    }
