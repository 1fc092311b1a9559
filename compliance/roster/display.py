"""Planned changes as people read them: field labels from the models, values as text."""

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from ..models import OfficerProfile


def field_label(name):
    """The translated label of a compared field, taken from the model that holds it."""
    for model in (get_user_model(), OfficerProfile):
        try:
            return str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            continue
    return name


def shown(value):
    if value is None or value == "":
        return "—"
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    return str(value)


def field_changes(change):
    """``(label, old, new)`` as text for each field that ``change`` sets."""
    return [
        (field_label(name), shown(old), shown(new)) for name, (old, new) in change.fields.items()
    ]


def field_values(change):
    """``(label, value)`` as text for each field of an officer to create."""
    return [(field_label(name), shown(value)) for name, value in change.values.items()]
