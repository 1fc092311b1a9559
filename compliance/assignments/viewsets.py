"""The training administrator's admin for course assignments and auditors' jurisdictions.

Both sit in the Compliance menu (``register_compliance_menu_item``). Saving an assignment
syncs its officers' obligations and records the change in the training ledger
(:mod:`compliance.assignments.services`); Wagtail's own log gets its entries from the generic
views as for any model.
"""

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

from courses.services import display_name

from ..jurisdiction import Jurisdiction
from . import services
from .forms import AssignmentForm, JurisdictionForm, unit_label
from .models import Assignment


class AssignmentIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .prefetch_related("units", "ranks")
            .annotate(officer_count=Count("officer_assignments", distinct=True))
        )


class AssignmentSavedMixin:
    """Sync and record the assignment once the form (its units and ranks too) is saved, and
    tell the administrator how many officers it applies to."""

    created = False

    def save_instance(self):
        instance = super().save_instance()
        self.officer_count = services.save_assignment(
            instance, actor=self.request.user, created=self.created
        )
        return instance

    def assigned_message(self):
        return ngettext(
            "Assigned to %(count)s officer.", "Assigned to %(count)s officers.", self.officer_count
        ) % {"count": self.officer_count}


class AssignmentCreateView(AssignmentSavedMixin, generic.CreateView):
    created = True

    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()

    def get_success_message(self, instance):
        return f"{super().get_success_message(instance)} {self.assigned_message()}"


class AssignmentEditView(AssignmentSavedMixin, generic.EditView):
    def get_success_message(self):
        return f"{super().get_success_message()} {self.assigned_message()}"


class AssignmentDeleteView(generic.DeleteView):
    def delete_action(self):
        with transaction.atomic():
            log(instance=self.object, action="wagtail.delete")
            services.delete_assignment(self.object, actor=self.request.user)


def _units(assignment):
    return ", ".join(unit.name for unit in assignment.units.all())


def _ranks(assignment):
    return ", ".join(rank.name for rank in assignment.ranks.all()) or _("All ranks")


class AssignmentViewSet(ModelViewSet):
    model = Assignment
    edit_handler = ObjectList(
        [
            FieldPanel("course"),
            FieldPanel("units"),
            FieldPanel("ranks"),
            FieldPanel("starts_on"),
            MultiFieldPanel(
                [FieldRowPanel([FieldPanel("due_on"), FieldPanel("due_within_days")])],
                heading=_("Due: a date, or a number of days"),
            ),
            FieldPanel("recertification_months"),
        ],
        base_form_class=AssignmentForm,
    )
    icon = "calendar-check"
    menu_label = _("Course assignments")
    menu_hook = "register_compliance_menu_item"
    menu_order = 200
    url_prefix = "compliance/assignments"
    name = "compliance_assignments"
    copy_view_enabled = False
    index_view_class = AssignmentIndexView
    add_view_class = AssignmentCreateView
    edit_view_class = AssignmentEditView
    delete_view_class = AssignmentDeleteView
    list_display = [
        Column("course_title", label=_("Course"), sort_key="course_title"),
        Column("units", label=_("Units"), accessor=_units),
        Column("ranks", label=_("Ranks"), accessor=_ranks),
        Column("due_rule", label=_("Due"), accessor=services.due_rule),
        Column("recertification_months", label=_("Recertify every (months)")),
        Column("officer_count", label=_("Officers"), sort_key="officer_count"),
    ]
    search_fields = ["course_title"]
    list_filter = ["units", "ranks"]


class JurisdictionIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "unit")


def _auditor(jurisdiction):
    user = jurisdiction.user
    return display_name(user)


class JurisdictionViewSet(ModelViewSet):
    model = Jurisdiction
    edit_handler = ObjectList(
        [FieldPanel("user"), FieldPanel("unit")], base_form_class=JurisdictionForm
    )
    icon = "group"
    menu_label = _("Jurisdictions")
    menu_hook = "register_compliance_menu_item"
    menu_order = 300
    url_prefix = "compliance/jurisdictions"
    name = "compliance_jurisdictions"
    copy_view_enabled = False
    index_view_class = JurisdictionIndexView
    list_display = [
        Column("user", label=_("Auditor"), accessor=_auditor, sort_key="user__username"),
        Column(
            "unit", label=_("Unit"), accessor=lambda j: unit_label(j.unit), sort_key="unit__path"
        ),
    ]
    list_filter = ["unit"]
    ordering = ["user__username", "unit__path"]
