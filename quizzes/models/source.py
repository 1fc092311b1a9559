from django.db import models
from django.utils.translation import gettext_lazy as _


def source_key_field():
    """Where an imported row came from (e.g. ``django-quiz-app:question:12``); blank if made here.

    Importers look rows up by this key, so running an import twice never duplicates anything.
    """
    return models.CharField(
        _("source key"),
        max_length=200,
        blank=True,
        default="",
        editable=False,
        help_text=_("Identifies the record this row was imported from; blank if created here."),
    )


def unique_source_key(model_name, *, per_locale=False):
    """A source key names one row; rows created on this site all have a blank one.

    For translatable content (``per_locale``) it names one row per locale: a translation is a
    copy of its source row, key included.
    """
    if per_locale:
        return models.UniqueConstraint(
            fields=["source_key", "locale"],
            condition=~models.Q(source_key=""),
            name=f"quizzes_{model_name}_unique_source_key_per_locale",
        )
    return models.UniqueConstraint(
        fields=["source_key"],
        condition=~models.Q(source_key=""),
        name=f"quizzes_{model_name}_unique_source_key",
    )
