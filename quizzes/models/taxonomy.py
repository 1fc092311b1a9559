from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.Model):
    """A subject area shared by quizzes and questions; per-category progress is kept per user."""

    name = models.CharField(_("name"), max_length=250, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name


class SubCategory(models.Model):
    """A finer grouping of questions, optionally within a category."""

    name = models.CharField(_("name"), max_length=250)
    category = models.ForeignKey(
        Category,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sub_categories",
        verbose_name=_("category"),
    )

    class Meta:
        ordering = ["category__name", "name"]
        verbose_name = _("sub-category")
        verbose_name_plural = _("sub-categories")

    def __str__(self):
        if self.category_id is None:
            return self.name
        return f"{self.category}: {self.name}"
