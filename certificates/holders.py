"""What certificates need to know about a holder, asked of whichever app knows it.

Certificates never import the app that keeps officers' records (``compliance``): that app
answers through Wagtail hooks defined here, so the dependency points from it to us.

``certificates_holder_details``
    Functions taking a user and returning :class:`HolderDetails` (or a dict of its fields), or
    None when they know nothing about that user. The first answer wins; with no answer, the
    holder is named by their full name or username and the agency is the site's name.

``certificates_users_in_unit``
    Functions taking a unit code and returning the ids of the users in that unit and every unit
    under it, or None for a code they do not know. Used by ``reissue_certificates --unit``.
"""

from dataclasses import dataclass

from django.conf import settings
from wagtail import hooks

from courses.services import display_name

HOLDER_DETAILS_HOOK = "certificates_holder_details"
USERS_IN_UNIT_HOOK = "certificates_users_in_unit"


@dataclass(frozen=True)
class HolderDetails:
    #: The name printed on the certificate.
    name: str
    #: The officer's service number; printed when not empty.
    service_number: str = ""
    #: The agency the officer serves in, printed beside the service number.
    agency_name: str = ""
    #: Chooses the issuer (see :class:`~certificates.models.CertificateIssuer`).
    agency_code: str = ""
    #: The language the certificate is rendered in; empty for the site's default.
    language: str = ""


def default_holder_details(user):
    return HolderDetails(
        name=display_name(user),
        agency_name=getattr(settings, "WAGTAIL_SITE_NAME", ""),
    )


def holder_details(user):
    """The holder's details from the first hook that knows the user, else the defaults."""
    for hook in hooks.get_hooks(HOLDER_DETAILS_HOOK):
        answer = hook(user)
        if answer is None:
            continue
        if isinstance(answer, dict):
            answer = HolderDetails(**answer)
        if not answer.name:
            answer = HolderDetails(**{**answer.__dict__, "name": default_holder_details(user).name})
        return answer
    return default_holder_details(user)


def users_in_unit(code):
    """Ids of the users in unit ``code`` and below, or None when no app knows the code."""
    for hook in hooks.get_hooks(USERS_IN_UNIT_HOOK):
        answer = hook(code)
        if answer is not None:
            return set(answer)
    return None
