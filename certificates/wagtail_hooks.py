from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from . import services
from .components import MyCertificatesPanel
from .viewsets import CertificateIssuerViewSet, CertificateViewSet


@hooks.register("register_admin_viewset")
def register_certificate_viewset():
    return CertificateViewSet()


register_snippet(CertificateIssuerViewSet)


@hooks.register("register_log_actions")
def register_certificate_log_actions(actions):
    actions.register_action(services.ISSUE_ACTION, _("Issue certificate"), _("Certificate issued"))
    actions.register_action(
        services.RENDER_ACTION, _("Render certificate"), _("Certificate PDF rendered")
    )
    actions.register_action(
        services.REISSUE_ACTION, _("Re-issue certificate"), _("Certificate re-issued")
    )
    actions.register_action(
        services.REVOKE_ACTION, _("Revoke certificate"), _("Certificate revoked")
    )


@hooks.register("courses_my_training_panels")
def my_certificates_panel(request):
    if not request.user.is_authenticated:
        return None
    return MyCertificatesPanel(request.user)
