"""Run by tests/test_plugin.py under tests.plugin_site.settings, without the training host app."""

from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse

from compliance import roles
from compliance.models import OrgUnit

from ..factories import OfficerProfileFactory, OrgUnitFactory


def test_the_host_site_is_not_installed():
    assert not apps.is_installed("training")


def test_role_groups_exist_with_their_permissions(db):
    trainer = Group.objects.get(name=roles.TRAINER)
    assert trainer.permissions.filter(codename="access_admin").exists()
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ROLE_NAMES)


def test_org_tree_and_profiles_work(db):
    agency = OrgUnitFactory(name="Host Police", code="host")
    station = OrgUnitFactory(parent=agency, name="Station", code="host-1")
    profile = OfficerProfileFactory(unit=station)
    assert profile.agency == agency
    assert set(OrgUnit.objects.within(agency)) == {agency, station}


def test_my_training_renders_in_the_host_templates(client, db):
    agency = OrgUnitFactory(name="Host Police", code="host")
    officer = OfficerProfileFactory(unit=agency).user
    client.force_login(officer)
    response = client.get(reverse("courses:my_training"))
    assert response.status_code == 200
    assert "| Host site</title>" in response.content.decode()
