"""The certificates register in the Wagtail admin: read-only, with a revoke action.

Certificates are never added, edited or deleted by hand (a certificate issued without a
completion would be a forgery with a valid code); the only change an administrator makes is
to revoke one, with a reason, through :func:`certificates.services.revoke_certificate`.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet

from quizzes.admin_views.choosers import PermissionCheckedSnippetChooserViewSet

from . import services
from .forms import RevokeForm
from .models import STATUS_LABELS, Certificate, CertificateIssuer


class CertificatePermissionPolicy(ModelPermissionPolicy):
    """View and revoke by permission; add, change and delete by nobody, superusers included."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)


class StatusColumn(Column):
    def get_value(self, instance):
        return STATUS_LABELS[instance.effective_status()]


class CertificateIndexView(generic.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if services.can_revoke(self.request.user) and instance.status != Certificate.Status.REVOKED:
            from wagtail.admin.widgets.button import ListingButton

            buttons.append(
                ListingButton(
                    _("Revoke"),
                    url=reverse("certificates_admin:revoke", args=[instance.pk]),
                    icon_name="warning",
                    priority=40,
                )
            )
        return buttons


class CertificateInspectView(generic.InspectView):
    @property
    def header_more_buttons(self):
        buttons = []
        if (
            services.can_revoke(self.request.user)
            and self.object.status != Certificate.Status.REVOKED
        ):
            buttons.append(
                Button(
                    _("Revoke"),
                    url=reverse("certificates_admin:revoke", args=[self.object.pk]),
                    icon_name="warning",
                    priority=10,
                )
            )
        return buttons


class RevokeView(WagtailAdminTemplateMixin, FormView):
    template_name = "certificates/admin/revoke.html"
    form_class = RevokeForm
    page_title = _("Revoke certificate")
    header_icon = "warning"

    def dispatch(self, request, pk):
        if not services.can_revoke(request.user):
            raise PermissionDenied
        self.object = get_object_or_404(Certificate, pk=pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        return super().get_context_data(certificate=self.object, **kwargs)

    def form_valid(self, form):
        try:
            services.revoke_certificate(
                self.object, user=self.request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Certificate %(number)s revoked.") % {"number": self.object.number},
        )
        return redirect("certificates_admin:index")


class CertificateViewSet(ModelViewSet):
    model = Certificate
    icon = "doc-full"
    menu_label = _("Certificates")
    menu_order = 1300
    add_to_admin_menu = True
    url_prefix = "certificates"
    name = "certificates_admin"
    inspect_view_enabled = True
    copy_view_enabled = False
    index_view_class = CertificateIndexView
    inspect_view_class = CertificateInspectView
    list_display = [
        "number",
        "holder_name",
        "course_title",
        DateColumn("issued_on", label=_("Issued on")),
        DateColumn("expires_on", label=_("Expires on")),
        StatusColumn("status", label=_("Status")),
    ]
    list_filter = ["status", "issued_on", "language"]
    search_fields = ["number", "holder_name", "service_number", "course_title"]
    inspect_view_fields_exclude = ["pdf", "verification_code", "completion"]
    #: Never used: nobody may add or edit a certificate (see CertificatePermissionPolicy).
    form_fields = ["revoked_reason"]

    @property
    def permission_policy(self):
        return CertificatePermissionPolicy(self.model)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("revoke/<int:pk>/", RevokeView.as_view(), name="revoke"),
        ]


class CertificateIssuerViewSet(SnippetViewSet):
    chooser_viewset_class = PermissionCheckedSnippetChooserViewSet
    model = CertificateIssuer
    icon = "doc-full-inverse"
    menu_label = _("Certificate issuers")
    add_to_settings_menu = True
    list_display = ["name", "agency_code", "number_prefix", "signatory_name"]
