"""Each role holds exactly the permissions of the matrix in compliance.roles, and they work."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from compliance import roles
from training.models import HomePage


def permission_names(permissions):
    return {f"{p.content_type.app_label}.{p.codename}" for p in permissions}


@pytest.mark.parametrize("role", roles.ROLE_NAMES)
def test_role_group_holds_exactly_the_declared_model_permissions(db, role):
    group = Group.objects.get(name=role)
    held = permission_names(group.permissions.select_related("content_type"))
    assert held == roles.MODEL_PERMISSIONS[role]


@pytest.mark.parametrize("role", roles.ROLE_NAMES)
def test_role_group_holds_exactly_the_declared_page_and_collection_permissions(db, role):
    group = Group.objects.get(name=role)
    page_permissions = GroupPagePermission.objects.filter(group=group).select_related("page")
    assert {p.permission.codename for p in page_permissions} == roles.PAGE_PERMISSIONS.get(
        role, set()
    )
    assert all(p.page.depth == 1 for p in page_permissions)
    collection_permissions = GroupCollectionPermission.objects.filter(group=group)
    assert permission_names(p.permission for p in collection_permissions) == (
        roles.COLLECTION_PERMISSIONS.get(role, set())
    )
    assert all(p.collection == Collection.get_first_root_node() for p in collection_permissions)


def test_officer_cannot_enter_the_admin_or_edit_anything(client, officer):
    assert officer.get_all_permissions() == set()
    assert not HomePage.objects.get().permissions_for_user(officer).can_edit()
    client.force_login(officer)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_trainer_authors_pages_and_media_but_sees_no_officer_records(client, trainer):
    home_permissions = HomePage.objects.get().permissions_for_user(trainer)
    assert home_permissions.can_edit()
    assert home_permissions.can_publish()
    assert trainer.has_perm("wagtailadmin.access_admin")
    assert trainer.has_perm("wagtail_localize.submit_translation")
    assert not trainer.has_perm("compliance.view_officerprofile")
    assert not trainer.has_perm("compliance.change_orgunit")
    client.force_login(trainer)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/images/").status_code == 200


def test_auditor_reads_the_organisation_and_changes_nothing(client, auditor):
    assert auditor.has_perm("compliance.view_orgunit")
    assert auditor.has_perm("compliance.view_officerprofile")
    assert auditor.has_perm("compliance.view_compliance_reports")
    assert auditor.has_perm("compliance.view_ledgerentry")  # their jurisdiction's entries only
    assert not any(
        name.split(".")[1].startswith(("add_", "change_", "delete_"))
        for name in auditor.get_all_permissions()
    )
    assert not HomePage.objects.get().permissions_for_user(auditor).can_edit()
    client.force_login(auditor)
    assert client.get("/admin/").status_code == 200


def test_training_administrator_manages_the_roster_but_not_course_content(training_admin):
    assert training_admin.has_perm("compliance.add_officerprofile")
    assert training_admin.has_perm("compliance.change_orgunit")
    assert not training_admin.has_perm("compliance.delete_officerprofile")
    assert not training_admin.has_perm("auth.change_user")
    assert not HomePage.objects.get().permissions_for_user(training_admin).can_edit()


def test_migrate_resets_a_role_group_that_was_changed_by_hand(db):
    trainer_group = Group.objects.get(name=roles.TRAINER)
    trainer_group.permissions.add(Permission.objects.get(codename="delete_officerprofile"))
    GroupPagePermission.objects.filter(group=trainer_group).delete()

    roles.sync_role_permissions()

    assert (
        permission_names(trainer_group.permissions.all()) == roles.MODEL_PERMISSIONS[roles.TRAINER]
    )
    assert GroupPagePermission.objects.filter(
        group=trainer_group, page=Page.get_first_root_node()
    ).count() == len(roles.PAGE_PERMISSIONS[roles.TRAINER])
