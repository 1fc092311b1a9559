"""The quiz engine's models: django-quiz-app's data model, rebuilt for an examined course.

Split by concern (taxonomy, quizzes, questions, attempts, progress); every public name is
re-exported here, so ``from quizzes.models import Quiz`` is the one import to use.
"""

from .attempts import Attempt, AttemptAllowance, AttemptAnswer
from .progress import CategoryProgress
from .questions import Answer, Question
from .quizzes import Quiz
from .taxonomy import Category, SubCategory

__all__ = [
    "Answer",
    "Attempt",
    "AttemptAllowance",
    "AttemptAnswer",
    "Category",
    "CategoryProgress",
    "Question",
    "Quiz",
    "SubCategory",
]
