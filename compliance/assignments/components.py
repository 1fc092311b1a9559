"""The officer's assigned training, as a panel of "My training". One query."""

from django.utils import timezone
from laces.components import Component

from .models import OfficerAssignment
from .status import label_statuses, with_status


class MyAssignedTrainingPanel(Component):
    template_name = "compliance/assignments/my_assigned_training.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        rows = (
            with_status(
                OfficerAssignment.objects.filter(user=self.user, course__isnull=False),
                timezone.localdate(),
            )
            .select_related("course")
            .order_by("due_on", "pk")
        )
        return {"obligations": label_statuses(rows)}
