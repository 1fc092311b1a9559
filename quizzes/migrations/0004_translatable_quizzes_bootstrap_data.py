"""Existing quizzes, questions and answers are in the default locale, each with a fresh
translation key (Wagtail's documented way of making an existing model translatable)."""

from django.db import migrations
from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0003_translatable_quizzes_bootstrap"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [
        BootstrapTranslatableModel("quizzes.Quiz"),
        BootstrapTranslatableModel("quizzes.Question"),
        BootstrapTranslatableModel("quizzes.Answer"),
    ]
