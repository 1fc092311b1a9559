from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from .validators import validate_language_code


class OrgUnitQuerySet(MP_NodeQuerySet):
    def within(self, *units):
        """Units in the subtrees of ``units``, the units themselves included, in one query."""
        if not units:
            return self.none()
        subtree = models.Q()
        for unit in units:
            subtree |= models.Q(path__startswith=unit.path)
        return self.filter(subtree)

    def agencies(self):
        return self.filter(depth=1)


class OrgUnitManager(MP_NodeManager):
    def get_queryset(self):
        return OrgUnitQuerySet(self.model, using=self._db).order_by("path")

    def within(self, *units):
        return self.get_queryset().within(*units)

    def agencies(self):
        return self.get_queryset().agencies()


class OrgUnit(MP_Node):
    """A unit of a police service: an agency at the root, then regions, stations and units.

    The tree is a materialised path (the library Wagtail's page tree uses), so "every unit
    under X" is a single ``path LIKE 'X%'`` query.
    """

    class Kind(models.TextChoices):
        AGENCY = "agency", _("Agency")
        REGION = "region", _("Region")
        DISTRICT = "district", _("District")
        STATION = "station", _("Station")
        UNIT = "unit", _("Unit")

    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(
        _("code"),
        max_length=50,
        unique=True,
        help_text=_(
            "Short unique code used in roster files and certificate numbers, e.g. NPS-N-03."
        ),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    commander = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commanded_units",
        verbose_name=_("commander"),
        help_text=_("Receives a weekly digest of the unit's training status by email."),
    )

    objects = OrgUnitManager()

    class Meta:
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")

    def __str__(self):
        return self.name

    @property
    def is_agency(self):
        return self.depth == 1

    def get_agency(self):
        """The agency (root unit) this unit belongs to."""
        if self.is_agency:
            return self
        return OrgUnit.objects.get(path=self.path[: self.steplen])


class Rank(models.Model):
    """A police rank; assignments can target ranks, and rosters name them."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    seniority = models.PositiveSmallIntegerField(
        _("seniority"), default=0, help_text=_("Higher numbers are more senior.")
    )

    class Meta:
        ordering = ["seniority", "name"]
        verbose_name = _("rank")
        verbose_name_plural = _("ranks")

    def __str__(self):
        return self.name


class OfficerProfile(models.Model):
    """What the service knows about an officer beyond their login."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="officer_profile",
        verbose_name=_("user"),
    )
    agency = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"depth": 1},
        verbose_name=_("agency"),
        editable=False,
    )
    service_number = models.CharField(_("service number"), max_length=32)
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="officers", verbose_name=_("unit")
    )
    rank = models.ForeignKey(
        Rank,
        on_delete=models.PROTECT,
        related_name="officers",
        null=True,
        blank=True,
        verbose_name=_("rank"),
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=15, blank=True, validators=[validate_language_code]
    )
    unit_joined_on = models.DateField(_("joined unit on"), default=timezone.localdate)

    class Meta:
        verbose_name = _("officer profile")
        verbose_name_plural = _("officer profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "service_number"], name="unique_service_number_per_agency"
            ),
        ]

    def __str__(self):
        return f"{self.service_number} {self.user.get_full_name()}".strip()

    def save(self, *args, **kwargs):
        # The agency always follows the unit, so the uniqueness constraint is per real agency.
        self.agency = self.unit.get_agency()
        super().save(*args, **kwargs)

    def clean(self):
        self.service_number = self.service_number.strip()
        if self.unit_id is None:
            return
        agency = self.unit.get_agency()
        clash = OfficerProfile.objects.filter(agency=agency, service_number=self.service_number)
        if clash.exclude(pk=self.pk).exists():
            raise ValidationError(
                {
                    "service_number": _(
                        "Another officer of %(agency)s already has this service number."
                    )
                    % {"agency": agency}
                }
            )


# Models that live in their own modules; Django finds them through this one.
from .assignments.models import Assignment, OfficerAssignment  # noqa: E402, F401
from .assignments.reminders import DigestSent, ReminderSent  # noqa: E402, F401
from .jurisdiction import Jurisdiction  # noqa: E402, F401
from .ledger.models import LedgerEntry  # noqa: E402, F401
