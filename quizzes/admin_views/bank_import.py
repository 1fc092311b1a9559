"""Importing a question-bank file in the admin: upload, preview the changes, then apply.

The preview is computed by ``bank.plan_import`` and writes nothing. The file's text travels to
the confirmation step signed (``django.core.signing``), so what is applied is exactly what was
previewed, re-checked against the database as it is at that moment.
"""

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy

from .. import bank
from ..models import Question
from .forms import QuestionBankUploadForm
from .translations import TranslatableIndexView

IMPORT_URL_NAME = "quizzes_question_bank_import"
SIGNING_SALT = "quizzes.question-bank-import"
#: The largest file accepted, in bytes, and how long a preview may wait for confirmation.
MAX_FILE_SIZE = 5 * 1024 * 1024
PREVIEW_MAX_AGE = 60 * 60

question_policy = ModelPermissionPolicy(Question)


def can_import(user):
    return question_policy.user_has_permission(user, "add") and question_policy.user_has_permission(
        user, "change"
    )


class QuestionBankImportView(WagtailAdminTemplateMixin, FormView):
    """Open to those who may both add and change questions (the Trainer role)."""

    template_name = "quizzes/admin/question_bank_import.html"
    form_class = QuestionBankUploadForm
    page_title = _("Import questions")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def bank_url(self):
        return reverse(Question.snippet_viewset.get_url_name("list"))

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": self.bank_url, "label": _("Question bank")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action_url=reverse(IMPORT_URL_NAME), bank_url=self.bank_url, **kwargs
        )

    def post(self, request, *args, **kwargs):
        if "payload" in request.POST:
            return self.apply(request.POST["payload"])
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        if upload.size > MAX_FILE_SIZE:
            form.add_error("file", _("The file is larger than 5 MB."))
            return self.form_invalid(form)
        data = upload.read()
        try:
            plan = bank.plan_import(bank.read_records(upload.name, data))
        except bank.BankFileError as error:
            return self.render_to_response(
                self.get_context_data(form=form, problems=error.problems)
            )
        payload = signing.dumps(
            {"name": upload.name, "text": data.decode("utf-8")}, salt=SIGNING_SALT, compress=True
        )
        return self.render_to_response(
            self.get_context_data(form=form, plan=plan, file_name=upload.name, payload=payload)
        )

    def apply(self, payload):
        try:
            upload = signing.loads(payload, salt=SIGNING_SALT, max_age=PREVIEW_MAX_AGE)
        except signing.BadSignature:
            messages.error(
                self.request,
                _("The preview has expired or was altered: upload the file again."),
            )
            return redirect(IMPORT_URL_NAME)
        try:
            records = bank.read_records(upload["name"], upload["text"].encode("utf-8"))
            plan = bank.import_records(records, user=self.request.user)
        except bank.BankFileError as error:
            return self.render_to_response(
                self.get_context_data(form=self.get_form_class()(), problems=error.problems)
            )
        messages.success(
            self.request,
            _("Imported %(name)s: %(create)d created, %(update)d updated, %(unchanged)d unchanged.")
            % {"name": upload["name"], **plan.counts},
        )
        return redirect(self.bank_url)


class QuestionIndexView(TranslatableIndexView):
    """The question bank's listing, with "Import from a file" among its header actions."""

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons.copy()
        if can_import(self.request.user):
            buttons.append(
                Button(
                    _("Import from a file"),
                    url=reverse(IMPORT_URL_NAME),
                    icon_name="upload",
                    priority=80,
                )
            )
        return buttons
