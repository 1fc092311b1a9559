from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def validate_language_code(value):
    """Accept only the languages the site offers (read at call time, so hosts can change them)."""
    if value and value not in dict(settings.LANGUAGES):
        raise ValidationError(
            _("%(value)s is not one of the site's languages."), params={"value": value}
        )
