"""Course content in the reader's language, with the default language as the fallback.

The page tree in the default language (``LANGUAGE_CODE``) is the course itself: its modules,
their order and their quizzes. Translations (Wagtail's localisation, edited with wagtail-localize)
only change what the officer reads. So:

- training records (enrolments, module progress, completions) always point at the page in the
  default locale, whichever translation the officer studied from;
- an officer reads each page in the active language where a live translation exists and in the
  default language otherwise, marked with its ``lang`` so screen readers pronounce it right.

:func:`with_translations` widens a query instead of adding one; :func:`localize_all` adds one,
and none while the active language is the default one.
"""

from django.db.models import F, Q
from django.utils.functional import cached_property

# Quizzes, which courses build on, decide the content languages the same way.
from quizzes.localization import active_language, default_language


class TranslatedPageMixin:
    """For pages whose translations share the default-locale page's structure and records."""

    #: The language of the text when it is shown in place of a missing translation (set by the
    #: helpers below), for a ``lang`` attribute; empty when the text is in the active language.
    fallback_language = ""

    @cached_property
    def default_locale_page(self):
        """This page in the default locale: the page training records point at."""
        return (
            type(self)
            .objects.filter(
                translation_key=self.translation_key, locale__language_code=default_language()
            )
            .first()
            or self
        )


def with_translations(queryset):
    """Widen ``queryset`` (pages in the default locale) with the live translations of its pages
    in the active language, keeping its order, so that :func:`as_read` needs no query of its
    own."""
    language = active_language()
    if language == default_language():
        return queryset
    return (
        queryset.model.objects.filter(
            Q(pk__in=queryset.values("pk")) | _translations_of(queryset.values("translation_key"))
        )
        .annotate(content_language=F("locale__language_code"))
        .order_by(*queryset.query.order_by)
    )


def as_read(rows):
    """The default-locale pages among ``rows`` (from :func:`with_translations`), in their
    order, each replaced by its translation where the rows hold one."""
    language = active_language()
    default_pages, translations = [], {}
    for row in rows:
        if getattr(row, "content_language", None) == language:
            translations[row.translation_key] = row
        else:
            default_pages.append(row)
    return [_shown(page, translations.get(page.translation_key)) for page in default_pages]


def localize_all(pages):
    """The live translation of each default-locale page in the active language, or the page
    itself marked with its ``fallback_language``: one query for pages of one type, none in the
    default language."""
    pages = list(pages)
    if not pages or active_language() == default_language():
        return [_shown(page, None) for page in pages]
    translations = type(pages[0]).objects.filter(
        _translations_of([page.translation_key for page in pages])
    )
    by_key = {page.translation_key: page for page in translations}
    return [_shown(page, by_key.get(page.translation_key)) for page in pages]


def localize(page):
    """:func:`localize_all` for one page."""
    return localize_all([page])[0]


def _translations_of(translation_keys):
    return Q(
        translation_key__in=translation_keys,
        locale__language_code=active_language(),
        live=True,
        # wagtail-localize keeps untranslated parent pages as aliases of the original.
        alias_of__isnull=True,
    )


def _shown(page, translation):
    if translation is None:
        if active_language() != default_language():
            page.fallback_language = default_language()
        translation = page
    translation.__dict__["default_locale_page"] = page  # Primes the cached property.
    return translation
