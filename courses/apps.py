from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    """Course pages, modules, enrolment, progress and completion; the officer's "My training"."""

    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from . import receivers

        receivers.connect()
