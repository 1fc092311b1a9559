from django import forms
from django.utils.translation import gettext_lazy as _

from . import app_settings


class VerificationCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=200,
        help_text=_("The code printed under the QR code, or the whole verification address."),
    )

    def clean_code(self):
        """Accept the code alone or the whole address it is part of."""
        value = self.cleaned_data["code"].strip().rstrip("/")
        return value.rsplit("/", 1)[-1]


class PdfMatchForm(forms.Form):
    pdf = forms.FileField(label=_("Certificate PDF"))

    def clean_pdf(self):
        upload = self.cleaned_data["pdf"]
        if upload.size > app_settings.max_upload_bytes():
            raise forms.ValidationError(_("This file is too large to be a certificate."))
        return upload


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("Recorded in the audit log. It is not shown on the public verification page."),
    )
