from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .source import source_key_field, unique_source_key
from .taxonomy import Category


class CategoryProgress(models.Model):
    """A user's running score in one category, over every question asked in every attempt.

    Updated by the services when an attempt is finished and when an essay is marked; imported
    from django-quiz-app's ``progress`` records. Never deleted with a user or category.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="quiz_category_progress",
        verbose_name=_("user"),
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="progress", verbose_name=_("category")
    )
    score = models.DecimalField(_("score"), max_digits=10, decimal_places=2, default=0)
    possible = models.DecimalField(_("possible"), max_digits=10, decimal_places=2, default=0)
    source_key = source_key_field()

    class Meta:
        verbose_name = _("category progress")
        verbose_name_plural = _("category progress")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "category"], name="quizzes_one_progress_per_user_category"
            ),
            unique_source_key("categoryprogress"),
        ]

    def __str__(self):
        return f"{self.user} · {self.category}: {self.score}/{self.possible}"

    @property
    def percent(self):
        if not self.possible:
            return Decimal(0)
        return (self.score * 100 / self.possible).quantize(Decimal("0.01"))
