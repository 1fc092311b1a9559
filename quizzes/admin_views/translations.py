"""The snippet listings and choosers of translatable quiz content.

Quizzes and questions are built in the default locale: a translation only carries texts, so
the listings show the default locale unless a trainer picks another one with the locale
filter, and the choosers (a course module's quiz, a question's quizzes) offer the default
locale only. wagtail-localize's "Translate" and "Sync translated snippets" buttons are kept,
computed for the whole page of rows at once instead of with two queries per row (when
wagtail-localize is installed: the apps also run in a site without it).
"""

from django.apps import apps
from django.contrib.admin.utils import quote
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.widgets.button import BaseButton, Button, ButtonWithDropdown
from wagtail.models import Locale, TranslatableMixin
from wagtail.snippets.views.snippets import IndexView

from ..localization import in_default_locale, source_quiz_queryset
from ..models import Question


class TranslatableIndexView(IndexView):
    """A snippet listing of one locale (the default one unless the locale filter says
    otherwise) with wagtail-localize's buttons in a constant number of queries."""

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        return queryset.filter(locale=self.locale) if self.locale else queryset

    def get_table(self, object_list):
        self.translation_states = self._translation_states(list(object_list))
        return super().get_table(object_list)

    def _translation_states(self, objects):
        """For each row: whether a locale lacks its translation, and its source's id when it
        has translations to sync."""
        if not (
            objects
            and apps.is_installed("wagtail_localize")
            and self.request.user.has_perm("wagtail_localize.submit_translation")
        ):
            return {}
        from wagtail_localize.models import TranslationSource

        keys = {obj.translation_key for obj in objects}
        locale_ids = set(Locale.objects.values_list("pk", flat=True))
        translated = {}
        for key, locale_id in self.model.objects.filter(translation_key__in=keys).values_list(
            "translation_key", "locale_id"
        ):
            translated.setdefault(key, set()).add(locale_id)
        sources = {
            (object_id, locale_id): pk
            for pk, object_id, locale_id in TranslationSource.objects.filter(
                object_id__in=keys, translations__enabled=True
            )
            .values_list("pk", "object_id", "locale_id")
            .distinct()
        }
        return {
            obj.pk: (
                bool(locale_ids - translated.get(obj.translation_key, set())),
                sources.get((obj.translation_key, obj.locale_id)),
            )
            for obj in objects
        }

    def translation_buttons(self, instance, next_url):
        """wagtail-localize's listing buttons, from the states computed for the page."""
        missing_locale, source_id = getattr(self, "translation_states", {}).get(
            instance.pk, (False, None)
        )
        model = type(instance)
        if missing_locale:
            yield Button(
                _("Translate"),
                reverse(
                    "wagtail_localize:submit_snippet_translation",
                    args=[model._meta.app_label, model._meta.model_name, quote(instance.pk)],
                ),
                attrs={"aria-label": _("Translate '%(title)s'") % {"title": str(instance)}},
                icon_name="wagtail-localize-language",
                priority=100,
            )
        if source_id is not None:
            url = reverse("wagtail_localize:update_translations", args=[source_id])
            yield Button(
                _("Sync translated snippets"),
                f"{url}?{urlencode({'next': next_url})}",
                attrs={
                    "aria-label": _("Sync translations of '%(title)s'") % {"title": str(instance)}
                },
                icon_name="resubmit",
                priority=106,
            )

    def get_list_buttons(self, instance):
        # Wagtail's IndexView.get_list_buttons, with wagtail-localize's per-row hook replaced
        # by translation_buttons().
        next_url = self.request.path
        list_buttons = []
        more_buttons = []

        buttons = self.get_list_more_buttons(instance)
        for hook in hooks.get_hooks("register_snippet_listing_buttons"):
            if is_localize_listing_hook(hook):
                buttons.extend(self.translation_buttons(instance, next_url))
            else:
                buttons.extend(hook(instance, self.request.user, next_url))

        for button in buttons:
            if isinstance(button, BaseButton) and not button.allow_in_dropdown:
                list_buttons.append(button)
            elif isinstance(button, MenuItem):
                if button.is_shown(self.request.user):
                    more_buttons.append(Button.from_menu_item(button))
            elif button.show:
                more_buttons.append(button)

        for hook in hooks.get_hooks("construct_snippet_listing_buttons"):
            hook(more_buttons, instance, self.request.user)

        if more_buttons:
            list_buttons.append(
                ButtonWithDropdown(
                    buttons=more_buttons,
                    icon_name="dots-horizontal",
                    attrs={
                        "aria-label": _("More options for '%(title)s'") % {"title": str(instance)},
                    },
                )
            )
        return list_buttons


class QuestionFilterSet(WagtailFilterSet):
    """The question bank's filters; the quiz filter offers quizzes in the default locale."""

    class Meta:
        model = Question
        fields = ["category", "kind", "quizzes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["quizzes"].queryset = source_quiz_queryset()


def is_localize_listing_hook(hook):
    """Whether ``hook`` is wagtail-localize's listing hook (registered only if installed)."""
    return (
        getattr(hook, "__module__", "") == "wagtail_localize.wagtail_hooks"
        and getattr(hook, "__name__", "") == "register_snippet_listing_buttons"
    )


class DefaultLocaleChooserMixin:
    """A chooser that offers the default locale only (and so has no locale filter)."""

    @cached_property
    def i18n_enabled(self):
        return False

    def get_object_list(self):
        return self._default_locale(super().get_object_list())

    def get_object(self, pk):
        return self._default_locale(self.model_class.objects.all()).get(pk=pk)

    def get_objects(self, pks):
        return self._default_locale(super().get_objects(pks))

    def _default_locale(self, objects):
        if issubclass(self.model_class, TranslatableMixin):
            objects = in_default_locale(objects)
        return objects
