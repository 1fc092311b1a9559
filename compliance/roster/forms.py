from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from ..models import OrgUnit
from .pending import MAX_FILE_SIZE


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Roster file"),
        help_text=_("A CSV file (saved as UTF-8) or an Excel XLSX file, with a header row."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    agency = forms.ModelChoiceField(
        queryset=OrgUnit.objects.agencies(),
        label=_("Agency"),
        help_text=_("Every unit code in the file must be a unit of this agency."),
    )
    deactivate_leavers = forms.BooleanField(
        label=_("Deactivate leavers"),
        required=False,
        help_text=_(
            "Deactivate the agency's officers who are not in the file. They can no longer sign "
            "in; their training records and certificates are kept."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = self.fields["agency"].queryset[:2]
        if len(agencies) == 1:
            self.fields["agency"].initial = agencies[0]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_SIZE:
            raise forms.ValidationError(
                _("The file is larger than %(size)s.") % {"size": filesizeformat(MAX_FILE_SIZE)}
            )
        return upload
