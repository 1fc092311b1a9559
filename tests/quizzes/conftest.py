import pytest
from django.contrib.auth.models import Permission

from ..factories import UserFactory
from .factories import QuizFactory, essay, multiple_choice, true_false


@pytest.fixture
def marker(trainer):
    """A trainer allowed to mark essays (the role matrix grants it elsewhere)."""
    trainer.user_permissions.add(Permission.objects.get(codename="mark_attempt"))
    return type(trainer).objects.get(pk=trainer.pk)  # a fresh instance: no cached permissions


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


@pytest.fixture
def quiz(db):
    """A quiz of four auto-marked questions with a pass mark of 75%."""
    quiz = QuizFactory(title="Custody of foreign nationals", pass_mark=75)
    multiple_choice(quiz, content="Who must be told?")
    multiple_choice(quiz, content="Which apply?", correct=("A", "B"), wrong=("C",))
    true_false(quiz, answer=True, content="Separate from convicted prisoners.")
    true_false(quiz, answer=False, content="Collective expulsion is allowed.")
    return quiz


@pytest.fixture
def essay_quiz(db):
    """One multiple-choice question and two essays, pass mark 50%."""
    quiz = QuizFactory(title="Explain", pass_mark=50)
    multiple_choice(quiz, content="Who must be told?")
    essay(quiz, content="Describe how you inform an arrested person.")
    essay(quiz, content="Describe the receipt for a confiscated passport.")
    return quiz
