from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    """Two-factor authentication, session limits, lock-out and the content security policy."""

    name = "training.security"
    label = "training_security"
    verbose_name = _("Account security")

    def ready(self):
        from . import signals

        signals.connect()
