from django import forms
from django.utils.translation import gettext_lazy as _

from . import two_factor


class CodeField(forms.CharField):
    """A one-time code, which browsers and password managers recognise; ``numeric`` opens the
    phone's number pad, so it is not for a field that also takes recovery codes (letters)."""

    def __init__(self, *, numeric=False, **kwargs):
        attrs = {
            "autocomplete": "one-time-code",
            "autofocus": True,
            "autocapitalize": "off",
            "spellcheck": "false",
        }
        if numeric:
            attrs["inputmode"] = "numeric"
        super().__init__(max_length=32, widget=forms.TextInput(attrs=attrs), **kwargs)


class SetupForm(forms.Form):
    """Confirms a new authenticator: the user types the code it shows now."""

    token = CodeField(
        numeric=True,
        label=_("Code from your authenticator app"),
        help_text=_("Six digits, which change every 30 seconds."),
    )

    def __init__(self, hex_key, *args, **kwargs):
        self.hex_key = hex_key
        super().__init__(*args, **kwargs)

    def clean_token(self):
        token = self.cleaned_data["token"]
        if not two_factor.token_is_valid_for_key(self.hex_key, token):
            raise forms.ValidationError(
                _("That code does not match. Check the time on your phone and try the new code.")
            )
        return token


class VerifyForm(forms.Form):
    """The login's second step: a code from the authenticator or an unused recovery code."""

    token = CodeField(
        label=_("Code"),
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        self.device = None
        super().__init__(*args, **kwargs)

    def clean_token(self):
        self.device = two_factor.verify(self.user, self.cleaned_data["token"])
        if self.device is None:
            raise forms.ValidationError(
                _(
                    "That code is not valid. Try the new code from your app, or a recovery code "
                    "you have not used; after several wrong codes you must wait before trying "
                    "again."
                )
            )
        return self.cleaned_data["token"]
