"""Admin forms for assignments and jurisdictions."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminPageChooser

from courses.localization import default_language
from courses.models import CoursePage

from .. import roles
from ..jurisdiction import Jurisdiction
from ..models import OrgUnit, Rank
from .models import Assignment


def unit_label(unit):
    """A unit indented under its parent, with its code: the tree reads as a list."""
    return f"{'— ' * (unit.depth - 1)}{unit.name} ({unit.code})"


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return unit_label(obj)


class UnitsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return unit_label(obj)


class AssignmentForm(WagtailAdminModelForm):
    course = forms.ModelChoiceField(
        # The course itself, not a translation: records point at the default-locale pages.
        queryset=CoursePage.objects.all(),
        label=_("Course"),
        widget=AdminPageChooser(target_models=[CoursePage]),
    )
    units = UnitsChoiceField(
        queryset=OrgUnit.objects.all(),
        label=_("Units"),
        widget=forms.CheckboxSelectMultiple,
        help_text=Assignment._meta.get_field("units").help_text,
    )
    ranks = forms.ModelMultipleChoiceField(
        queryset=Rank.objects.all(),
        label=_("Ranks"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=Assignment._meta.get_field("ranks").help_text,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = CoursePage.objects.filter(
            locale__language_code=default_language()
        )

    class Meta:
        model = Assignment
        fields = [
            "course",
            "units",
            "ranks",
            "starts_on",
            "due_on",
            "due_within_days",
            "recertification_months",
        ]


def auditors():
    return get_user_model().objects.filter(groups__name=roles.AUDITOR).order_by("username")


class AuditorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name()
        return f"{name} ({obj.get_username()})" if name else obj.get_username()


class JurisdictionForm(WagtailAdminModelForm):
    user = AuditorChoiceField(
        queryset=auditors(),
        label=_("Auditor"),
        help_text=_("Only members of the Auditor group can be attached to units."),
    )
    unit = UnitChoiceField(
        queryset=OrgUnit.objects.all(),
        label=_("Unit"),
        help_text=_("The auditor sees this unit and every unit under it."),
    )

    class Meta:
        model = Jurisdiction
        fields = ["user", "unit"]
