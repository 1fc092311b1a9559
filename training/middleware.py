from django.conf import settings
from django.utils import translation

from .signals import PREFERRED_LANGUAGE


class PreferredLanguageMiddleware:
    """Show the site in the officer's preferred language until they pick another one.

    Runs after ``LocaleMiddleware`` and the authentication middleware. A language chosen with
    the language switcher (Django's language cookie) always wins.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.session.get(PREFERRED_LANGUAGE)
        if language and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
