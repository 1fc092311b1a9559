"""Wagtail's snippet chooser, open only to users who hold a permission on the model.

Wagtail's own snippet chooser admits everyone who can enter the admin, so an auditor could list
exam questions through it. These views also require one of add, change, delete or view on the
chosen model. Any app's ``SnippetViewSet`` can use the viewset below. Translatable snippets
are chosen in the default locale only (``translations.DefaultLocaleChooserMixin``).
"""

from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views import chooser

from .translations import DefaultLocaleChooserMixin


class ModelPermissionRequired(PermissionCheckedMixin):
    any_permission_required = ["add", "change", "delete", "view"]


class ChooseView(ModelPermissionRequired, DefaultLocaleChooserMixin, chooser.ChooseView):
    pass


class ChooseResultsView(
    ModelPermissionRequired, DefaultLocaleChooserMixin, chooser.ChooseResultsView
):
    pass


class ChosenView(ModelPermissionRequired, DefaultLocaleChooserMixin, chooser.SnippetChosenView):
    pass


class ChosenMultipleView(
    ModelPermissionRequired, DefaultLocaleChooserMixin, chooser.SnippetChosenMultipleView
):
    pass


class PermissionCheckedSnippetChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = ChooseView
    choose_results_view_class = ChooseResultsView
    chosen_view_class = ChosenView
    chosen_multiple_view_class = ChosenMultipleView

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission_policy = ModelPermissionPolicy(self.model)
