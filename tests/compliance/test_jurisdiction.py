"""Who sees which units in compliance reports."""

import pytest
from django.contrib.auth.models import AnonymousUser

from compliance.jurisdiction import Jurisdiction, jurisdiction_roots, visible_units

pytestmark = pytest.mark.django_db


def test_an_auditor_sees_the_subtrees_of_their_units(org_tree, auditor):
    Jurisdiction.objects.create(user=auditor, unit=org_tree["north"])
    Jurisdiction.objects.create(user=auditor, unit=org_tree["north_1"])

    assert set(visible_units(auditor)) == {org_tree[k] for k in ("north", "north_1", "north_2")}
    assert jurisdiction_roots(auditor) == [org_tree["north"]]


def test_an_auditor_without_jurisdiction_sees_nothing(org_tree, auditor):
    assert not visible_units(auditor).exists()


def test_training_administrators_see_the_whole_organisation(org_tree, training_admin):
    assert visible_units(training_admin).count() == len(org_tree)
    assert jurisdiction_roots(training_admin) == [org_tree["agency"]]


@pytest.mark.parametrize("who", ["officer", "trainer"])
def test_people_without_the_report_permission_see_no_unit(org_tree, request, who):
    user = request.getfixturevalue(who)
    Jurisdiction.objects.create(user=user, unit=org_tree["agency"])

    assert not visible_units(user).exists()


def test_a_deactivated_auditor_sees_nothing(org_tree, auditor):
    Jurisdiction.objects.create(user=auditor, unit=org_tree["agency"])
    auditor.is_active = False

    assert not visible_units(auditor).exists()


def test_anonymous_sees_nothing(org_tree):
    assert not visible_units(AnonymousUser()).exists()
