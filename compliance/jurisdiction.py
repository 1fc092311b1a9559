"""Which organisation units a person may see in compliance reports.

An auditor sees exactly the subtrees of the units they are attached to; a training administrator
(or a superuser) sees the whole organisation; anyone without the permission to view compliance
reports sees nothing, whatever units they are attached to. Every report, export and
drill-down starts from :func:`visible_units`, so the rule is enforced in querysets, not templates.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import roles


class Jurisdiction(models.Model):
    """A unit an auditor oversees, with every unit under it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="jurisdictions",
        verbose_name=_("auditor"),
    )
    unit = models.ForeignKey(
        "compliance.OrgUnit", on_delete=models.CASCADE, related_name="+", verbose_name=_("unit")
    )

    class Meta:
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit"], name="unique_jurisdiction"),
        ]

    def __str__(self):
        return f"{self.user}: {self.unit}"


def sees_whole_organisation(user):
    return user.is_superuser or user.groups.filter(name=roles.TRAINING_ADMINISTRATOR).exists()


def visible_units(user):
    """The units ``user`` may report on, as a queryset (empty for officers and trainers)."""
    from .models import OrgUnit

    if not user.is_active or not user.has_perm("compliance.view_compliance_reports"):
        return OrgUnit.objects.none()
    if sees_whole_organisation(user):
        return OrgUnit.objects.all()
    roots = [j.unit for j in Jurisdiction.objects.filter(user=user).select_related("unit")]
    return OrgUnit.objects.within(*roots)


def jurisdiction_roots(user):
    """The top units of what ``user`` sees: the agencies, or the auditor's own units."""
    from .models import OrgUnit

    if sees_whole_organisation(user):
        return list(OrgUnit.objects.agencies())
    units = OrgUnit.objects.filter(pk__in=Jurisdiction.objects.filter(user=user).values("unit"))
    # A unit under another of the auditor's units is already in that subtree.
    return [u for u in units if not any(u.path.startswith(o.path) and u != o for o in units)]
