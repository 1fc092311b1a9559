from django.urls import reverse
from laces.components import Component

from .models import STATUS_LABELS, Certificate


class MyCertificatesPanel(Component):
    """The officer's own certificates, for "My training". One query."""

    template_name = "certificates/panels/my_certificates.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        items = []
        for certificate in Certificate.objects.filter(user=self.user).exclude(
            status=Certificate.Status.REVOKED
        ):
            status = certificate.effective_status()
            items.append(
                {
                    "certificate": certificate,
                    "status": status,
                    "label": STATUS_LABELS[status],
                    "download_url": (
                        reverse("certificates:download", args=[certificate.number])
                        if certificate.pdf and status != Certificate.Status.PENDING
                        else ""
                    ),
                }
            )
        return {"certificates": items}
