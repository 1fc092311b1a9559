"""Obligations follow the certificates that fulfil them (issued, or revoked)."""

from django.db.models.signals import post_save

from certificates.models import Certificate

from .sync import refresh_completions


def follow_certificate(sender, instance, raw=False, **kwargs):
    if raw or instance.user_id is None or instance.course_id is None:
        return
    refresh_completions(instance.user_id, instance.course_id)


def connect():
    post_save.connect(
        follow_certificate, sender=Certificate, dispatch_uid="compliance.assignments.certificate"
    )
