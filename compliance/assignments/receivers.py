"""Obligations follow the certificates that fulfil them (issued or revoked) and their officer's
unit. (Whether the officer started follows their progress through database triggers: see
migration 0007.)"""

from django.db.models.signals import post_save

from certificates.models import Certificate

from ..models import OfficerProfile
from .sync import follow_unit, refresh_completions


def follow_certificate(sender, instance, raw=False, **kwargs):
    if raw or instance.user_id is None or instance.course_id is None:
        return
    refresh_completions(instance.user_id, instance.course_id)


def follow_profile(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw or created or (update_fields is not None and "unit" not in update_fields):
        return
    follow_unit(instance.user_id, instance.unit_id)


def connect():
    post_save.connect(
        follow_certificate, sender=Certificate, dispatch_uid="compliance.assignments.certificate"
    )
    post_save.connect(
        follow_profile, sender=OfficerProfile, dispatch_uid="compliance.assignments.profile"
    )
