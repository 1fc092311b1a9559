"""What certificates learn from the roster, through the hooks the certificates app defines.

Compliance reads everything and nothing imports it: certificates ask, through Wagtail hooks,
for an officer's service number, agency and preferred language, and for the officers of a unit.
"""

from certificates.holders import HolderDetails
from courses.services import display_name

from .models import OfficerProfile, OrgUnit


def holder_details(user):
    """The officer's details as printed on a certificate, or None for a user with no profile."""
    profile = OfficerProfile.objects.select_related("agency").filter(user=user).first()
    if profile is None:
        return None
    return HolderDetails(
        name=display_name(user),
        service_number=profile.service_number,
        agency_name=profile.agency.name,
        agency_code=profile.agency.code,
        language=profile.preferred_language,
    )


def users_in_unit(code):
    """Ids of the officers in unit ``code`` and every unit under it; None for an unknown code."""
    unit = OrgUnit.objects.filter(code=code).first()
    if unit is None:
        return None
    return list(
        OfficerProfile.objects.filter(unit__in=OrgUnit.objects.within(unit)).values_list(
            "user_id", flat=True
        )
    )
