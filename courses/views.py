from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView
from wagtail import hooks

from .learner import my_training, open_courses

#: Hook name for panels other apps add to "My training": a function taking the request and
#: returning a laces ``Component`` built for that request (or None to show nothing).
MY_TRAINING_PANELS_HOOK = "courses_my_training_panels"


class MyTrainingView(LoginRequiredMixin, TemplateView):
    """The signed-in user's own training: never anyone else's."""

    template_name = "courses/my_training.html"

    def get_context_data(self, **kwargs):
        panels = [panel(self.request) for panel in hooks.get_hooks(MY_TRAINING_PANELS_HOOK)]
        return super().get_context_data(
            outlines=my_training(self.request.user),
            open_courses=open_courses(self.request.user),
            panels=[panel for panel in panels if panel is not None],
            **kwargs,
        )
