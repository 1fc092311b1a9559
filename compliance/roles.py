"""The four roles of the platform and the permissions each one holds.

The groups are created by a data migration; after every ``migrate`` their permissions are reset
to the matrix below, so the matrix is the single source of truth (and its tests prove it).
A site that needs local variations adds groups of its own rather than editing these.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext_lazy as _

OFFICER = "Officer"
TRAINER = "Trainer"
AUDITOR = "Auditor"
TRAINING_ADMINISTRATOR = "Training administrator"

ROLE_NAMES = [OFFICER, TRAINER, AUDITOR, TRAINING_ADMINISTRATOR]

#: Labels for the roles, translated; the group names themselves stay stable identifiers.
ROLE_LABELS = {
    OFFICER: _("Officer"),
    TRAINER: _("Trainer"),
    AUDITOR: _("Auditor"),
    TRAINING_ADMINISTRATOR: _("Training administrator"),
}

#: Model permissions per role, as "app_label.codename". Officers hold none: what an officer may
#: see and do is decided by ownership (their own enrolments, attempts and certificates).
MODEL_PERMISSIONS = {
    OFFICER: set(),
    TRAINER: {
        "wagtailadmin.access_admin",
        "courses.view_enrolment",
        *(
            f"quizzes.{action}_{model}"
            for action in ("add", "change", "delete", "view")
            for model in ("quiz", "question", "category", "subcategory")
        ),
        "quizzes.mark_attempt",
        # "Translate this page" and "Sync translated pages", where wagtail-localize is installed.
        "wagtail_localize.submit_translation",
    },
    AUDITOR: {
        "wagtailadmin.access_admin",
        "compliance.view_orgunit",
        "compliance.view_rank",
        "compliance.view_officerprofile",
        "compliance.view_compliance_reports",
        # The ledger entries of their jurisdiction only (docs/audit-ledger.md).
        "compliance.view_ledgerentry",
    },
    TRAINING_ADMINISTRATOR: {
        "wagtailadmin.access_admin",
        "compliance.add_orgunit",
        "compliance.change_orgunit",
        "compliance.view_orgunit",
        "compliance.add_rank",
        "compliance.change_rank",
        "compliance.delete_rank",
        "compliance.view_rank",
        "compliance.add_officerprofile",
        "compliance.change_officerprofile",
        "compliance.view_officerprofile",
        *(
            f"compliance.{action}_{model}"
            for action in ("add", "change", "delete", "view")
            for model in ("assignment", "jurisdiction")
        ),
        "compliance.view_compliance_reports",
        "certificates.view_certificate",
        "certificates.revoke_certificate",
        "certificates.add_certificateissuer",
        "certificates.change_certificateissuer",
        "certificates.view_certificateissuer",
        # The whole ledger (docs/audit-ledger.md).
        "compliance.view_ledgerentry",
    },
}

#: Wagtail page permissions per role, granted on the root of the page tree.
PAGE_PERMISSIONS = {
    TRAINER: {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"},
}

#: Wagtail image and document permissions per role, granted on the root collection.
COLLECTION_PERMISSIONS = {
    TRAINER: {
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    },
}


#: Apps a host site may leave out; their permissions are granted only where they are installed.
OPTIONAL_APPS = {"wagtail_localize"}


def _permissions(apps, names):
    """Permission objects for "app_label.codename" names; a missing one is a programming error."""
    Permission = apps.get_model("auth", "Permission")
    found = {}
    for name in names:
        app_label, codename = name.split(".")
        if app_label in OPTIONAL_APPS and not global_apps.is_installed(app_label):
            continue
        found[name] = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    return set(found.values())


def sync_role_permissions(sender=None, apps=global_apps, using=DEFAULT_DB_ALIAS, **kwargs):
    """Reset the role groups to the matrix above. Connected to ``post_migrate``."""
    # Other apps' permissions are created by their own post_migrate handlers, which may run after
    # this one; create the missing ones now so the matrix can refer to any installed app.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using, apps=apps)

    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()

    for role in ROLE_NAMES:
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set(_permissions(apps, MODEL_PERMISSIONS[role]))

        # The tree roots exist after Wagtail's migrations, but not in a flushed test database.
        if root_page is not None:
            GroupPagePermission.objects.filter(group=group).delete()
            page_permissions = {f"wagtailcore.{name}" for name in PAGE_PERMISSIONS.get(role, ())}
            for permission in _permissions(apps, page_permissions):
                GroupPagePermission.objects.create(
                    group=group, page=root_page, permission=permission
                )
        if root_collection is not None:
            GroupCollectionPermission.objects.filter(group=group).delete()
            for permission in _permissions(apps, COLLECTION_PERMISSIONS.get(role, set())):
                GroupCollectionPermission.objects.create(
                    group=group, collection=root_collection, permission=permission
                )
