from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    """The quiz engine: question banks, quizzes, attempts and marking."""

    name = "quizzes"
    verbose_name = _("Quizzes")
