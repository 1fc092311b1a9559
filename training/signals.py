from django.contrib.auth.signals import user_logged_in

#: Session key telling the site shell whether to link to the Wagtail admin.
CAN_ACCESS_ADMIN = "can_access_admin"
#: Session key holding the language the officer chose in their profile.
PREFERRED_LANGUAGE = "preferred_language"


def remember_session_preferences(sender, request, user, **kwargs):
    """Decide once per login what the site shell needs on every page.

    The admin link: this keeps the permission queries off every officer page (the admin itself
    checks permissions on each request, so a stale flag can only show or hide a link). The
    officer's preferred language, applied by ``PreferredLanguageMiddleware``.
    """
    request.session[CAN_ACCESS_ADMIN] = user.has_perm("wagtailadmin.access_admin")
    profile = getattr(user, "officer_profile", None)
    if profile is not None and profile.preferred_language:
        request.session[PREFERRED_LANGUAGE] = profile.preferred_language


def connect():
    user_logged_in.connect(
        remember_session_preferences, dispatch_uid="training.remember_session_preferences"
    )
