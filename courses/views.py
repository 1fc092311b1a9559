from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView


class MyTrainingView(LoginRequiredMixin, TemplateView):
    """The signed-in user's own training: never anyone else's."""

    template_name = "courses/my_training.html"
