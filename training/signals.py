from django.contrib.auth.signals import user_logged_in

#: Session key telling the site shell whether to link to the Wagtail admin.
CAN_ACCESS_ADMIN = "can_access_admin"


def remember_admin_access(sender, request, user, **kwargs):
    """Decide once per login whether the header links to the admin.

    This keeps the permission queries off every officer page; the admin itself still checks
    permissions on each request, so a stale flag can only show or hide a link.
    """
    request.session[CAN_ACCESS_ADMIN] = user.has_perm("wagtailadmin.access_admin")


def connect():
    user_logged_in.connect(remember_admin_access, dispatch_uid="training.remember_admin_access")
