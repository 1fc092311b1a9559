from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from .learner import my_training


class MyTrainingView(LoginRequiredMixin, TemplateView):
    """The signed-in user's own training: never anyone else's."""

    template_name = "courses/my_training.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(outlines=my_training(self.request.user), **kwargs)
