from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .localization import source_quiz_queryset
from .models import Question


class QuestionForm(WagtailAdminModelForm):
    """Checks what only the whole question can tell: its kind against its answers.

    Pools are built in the default locale: only quizzes in it are offered.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "quizzes" in self.fields:
            self.fields["quizzes"].queryset = source_quiz_queryset()

    def _live_answer_forms(self):
        formset = self.formsets.get("answers")
        if formset is None or not formset.is_valid():
            return None
        return [
            form
            for form in formset.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("content")
        ]

    def clean(self):
        cleaned_data = super().clean()
        kind = cleaned_data.get("kind")
        answers = self._live_answer_forms()
        if answers is None:
            return cleaned_data  # the answers' own errors are shown beside them
        if kind == Question.Kind.MULTIPLE_CHOICE:
            if len(answers) < 2:
                raise forms.ValidationError(
                    _("A multiple-choice question needs at least two answers.")
                )
            if not any(form.cleaned_data.get("correct") for form in answers):
                raise forms.ValidationError(_("Mark at least one answer as correct."))
        elif answers:
            raise forms.ValidationError(
                _(
                    "Only multiple-choice questions have answers: remove them, "
                    "or make this a multiple-choice question."
                )
            )
        return cleaned_data
