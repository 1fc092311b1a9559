from django import forms
from django.utils.translation import gettext_lazy as _


class MarkEssayForm(forms.Form):
    """A marker's score and comment. The range is checked by ``services.mark_essay``, not here,
    so the admin, commands and tests all refuse a bad score with the same message."""

    score = forms.DecimalField(label=_("Score"), decimal_places=2, max_digits=6)
    comment = forms.CharField(
        label=_("Comment for the officer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to the officer with the result."),
    )

    def __init__(self, *args, maximum, **kwargs):
        super().__init__(*args, **kwargs)
        score = self.fields["score"]
        score.help_text = _("From 0 to %(maximum)s.") % {"maximum": maximum}
        score.widget.attrs.update({"min": 0, "max": maximum, "step": "0.01"})


class QuestionBankUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Question bank file"),
        help_text=_("A CSV or JSON file in the documented question-bank format."),
    )
