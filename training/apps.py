from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingSiteConfig(AppConfig):
    """The host site: home page, site shell templates and the demo data command."""

    name = "training"
    verbose_name = _("Training site")

    def ready(self):
        from . import signals

        signals.connect()
