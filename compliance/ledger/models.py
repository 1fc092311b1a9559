"""The audit ledger: an append-only, hash-chained record of training events.

Each entry hashes its content together with the previous entry's hash, so changing, removing or
inserting an entry anywhere breaks the chain from that point on (``manage.py verify_audit_log``).
The application cannot change or delete an entry (``save()`` refuses updates, ``delete()`` and the
queryset's bulk operations refuse), and on PostgreSQL a trigger refuses UPDATE and DELETE on the
table for everyone but a superuser who disables it first; the chain catches what they do then.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .hashing import HASHED_FIELDS, content_hash, timestamp


class LedgerAppendOnlyError(Exception):
    """Raised on any attempt to change or delete a ledger entry through the application."""


def _refuse(what):
    raise LedgerAppendOnlyError(
        f"The audit ledger is append-only: entries cannot be {what}. "
        "Record a new entry with compliance.ledger.record() instead."
    )


class LedgerEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        _refuse("updated")

    def delete(self):
        _refuse("deleted")

    def bulk_update(self, objs, fields, batch_size=None):
        _refuse("updated")

    def bulk_create(self, objs, *args, **kwargs):
        _refuse("created in bulk, outside the chain")

    def update_or_create(self, *args, **kwargs):
        _refuse("updated")


class LedgerEntry(models.Model):
    """One training event. Users are referenced, not owned: see ``actor`` below."""

    sequence = models.PositiveBigIntegerField(
        _("sequence"), primary_key=True, help_text=_("1, 2, 3… with no gaps, in recording order.")
    )
    occurred_at = models.DateTimeField(_("occurred at"))
    recorded_at = models.DateTimeField(_("recorded at"))
    action = models.CharField(_("action"), max_length=64, db_index=True)
    # The user columns keep the id they were written with, forever: SET_NULL would be an UPDATE
    # of the row (refused by the trigger) and would change content the hash covers. So they are
    # references without a database constraint, and the names beside them are snapshots.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_name = models.CharField(_("actor's name"), max_length=255, blank=True)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("officer"),
    )
    subject_name = models.CharField(_("officer's name"), max_length=255, blank=True)
    subject_service_number = models.CharField(_("service number"), max_length=32, blank=True)
    unit_path = models.CharField(
        _("unit path"),
        max_length=255,
        blank=True,
        db_index=True,
        help_text=_("The officer's unit (tree path) when the event was recorded."),
    )
    details = models.JSONField(_("details"), default=dict, blank=True)
    previous_hash = models.CharField(_("previous entry's hash"), max_length=64, unique=True)
    entry_hash = models.CharField(_("entry hash"), max_length=64, unique=True)

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit ledger entry")
        verbose_name_plural = _("audit ledger entries")
        ordering = ["sequence"]
        # Only "view": there is no permission to add, change or delete an entry to hand out.
        default_permissions = ["view"]
        base_manager_name = "objects"

    def __str__(self):
        return f"#{self.sequence} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            _refuse("updated")
        if not self.entry_hash or self.entry_hash != self.compute_hash():
            _refuse("written except by compliance.ledger.record()")
        kwargs["force_insert"] = True
        kwargs.pop("force_update", None)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse("deleted")

    def hashed_content(self):
        """The values the hash covers, as the canonical serialisation writes them."""
        content = {field: getattr(self, field) for field in HASHED_FIELDS}
        content["occurred_at"] = timestamp(self.occurred_at)
        content["recorded_at"] = timestamp(self.recorded_at)
        return content

    def compute_hash(self):
        return content_hash(self.hashed_content())
