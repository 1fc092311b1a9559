from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def lang_attribute(page):
    """``lang="…"`` for a page shown in place of its missing translation, else nothing.

    Usage: ``<h1{{ page|lang_attribute }}>``, so screen readers read the fallback text in its
    own language.
    """
    language = getattr(page, "fallback_language", "")
    return format_html(' lang="{}"', language) if language else ""
