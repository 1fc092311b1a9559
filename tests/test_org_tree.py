import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from compliance.models import OfficerProfile, OrgUnit

from .factories import OfficerProfileFactory, OrgUnitFactory


def test_all_units_under_a_unit_come_back_in_one_query(org_tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        codes = {unit.code for unit in OrgUnit.objects.within(org_tree["north"])}
    assert codes == {"tp-n", "tp-n1", "tp-n2"}


def test_units_under_several_units_come_back_in_one_query(org_tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        codes = {u.code for u in OrgUnit.objects.within(org_tree["north_2"], org_tree["south"])}
    assert codes == {"tp-n2", "tp-s", "tp-s1"}


def test_within_nothing_is_empty(org_tree):
    assert not OrgUnit.objects.within().exists()


def test_a_unit_knows_its_agency(org_tree):
    assert org_tree["north_1"].get_agency() == org_tree["agency"]
    assert org_tree["agency"].get_agency() == org_tree["agency"]
    assert list(OrgUnit.objects.agencies()) == [org_tree["agency"]]


def test_profile_takes_its_agency_from_its_unit(org_tree):
    profile = OfficerProfileFactory(unit=org_tree["south_1"])
    assert profile.agency == org_tree["agency"]


def test_service_number_is_unique_within_an_agency(org_tree):
    OfficerProfileFactory(unit=org_tree["north_1"], service_number="A-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        OfficerProfileFactory(unit=org_tree["south_1"], service_number="A-1")


def test_service_number_clash_is_explained_by_validation(org_tree):
    OfficerProfileFactory(unit=org_tree["north_1"], service_number="A-1")
    duplicate = OfficerProfile(unit=org_tree["south_1"], service_number=" A-1 ")
    with pytest.raises(ValidationError) as error:
        duplicate.clean()
    assert "already has this service number" in str(error.value.message_dict["service_number"])


def test_the_same_service_number_may_exist_in_another_agency(org_tree):
    other_agency = OrgUnitFactory(name="Border Guard", code="bg")
    OfficerProfileFactory(unit=org_tree["north_1"], service_number="A-1")
    OfficerProfileFactory(unit=other_agency, service_number="A-1")
    assert OfficerProfile.objects.filter(service_number="A-1").count() == 2


def test_preferred_language_must_be_a_site_language(org_tree):
    profile = OfficerProfileFactory.build(
        unit=org_tree["north_1"], preferred_language="xx", user=None
    )
    with pytest.raises(ValidationError) as error:
        profile.full_clean(exclude=["user", "agency", "rank"])
    assert "preferred_language" in error.value.message_dict
