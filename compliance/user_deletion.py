"""An account with training records is deactivated, never deleted.

Attempts and category progress refuse the deletion of their user (``PROTECT``), so Wagtail's
delete would end in a server error; enrolments, completions and certificates would lose their
officer (``SET_NULL``). The answers to Wagtail's ``before_delete_user`` and ``before_bulk_action``
hooks below refuse the deletion with a page that says so, before anything is deleted.
"""

from django.contrib.auth import get_user_model
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.utils import get_user_display_name

from certificates.models import Certificate
from courses.records import CourseCompletion, Enrolment
from quizzes.models import Attempt, CategoryProgress

#: The records that belong to an officer's training history, each with its ``user`` field.
TRAINING_RECORDS = (Attempt, CategoryProgress, Enrolment, CourseCompletion, Certificate)

TEMPLATE = "compliance/users/delete_refused.html"


def users_with_training_records(user_ids):
    """The ids among ``user_ids`` of users who have training records (one query per record kind)."""
    user_ids = set(user_ids)
    found = set()
    for model in TRAINING_RECORDS:
        remaining = user_ids - found
        if not remaining:
            break
        found.update(
            model._base_manager.filter(user_id__in=remaining)
            .values_list("user_id", flat=True)
            .distinct()
        )
    return found


def has_training_records(user):
    return bool(users_with_training_records([user.pk]))


def refusal(request, users, *, page_title, bulk=False):
    """The page shown instead of the deletion: GET shows it, a POST is refused with 409."""
    return TemplateResponse(
        request,
        TEMPLATE,
        {
            "page_title": page_title,
            "header_title": page_title,
            "page_subtitle": "" if bulk else get_user_display_name(users[0]),
            "bulk": bulk,
            "header_icon": "user",
            "users": [
                {
                    "user": user,
                    "name": get_user_display_name(user),
                    "edit_url": reverse("wagtailusers_users:edit", args=[user.pk]),
                }
                for user in users
            ],
            "index_url": reverse("wagtailusers_users:index"),
        },
        status=409 if request.method == "POST" else 200,
    )


def refuse_delete_user(request, user):
    """``before_delete_user``: runs on the confirmation page and on the deletion itself."""
    if has_training_records(user):
        return refusal(request, [user], page_title=_("Delete user"))
    return None


def refuse_bulk_delete_users(request, action_type, objects, action):
    """``before_bulk_action``: the bulk deletion of users deletes none if one has records."""
    if action_type != "delete" or action.model is not get_user_model():
        return None
    keep = users_with_training_records(user.pk for user in objects)
    if not keep:
        return None
    users = [user for user in objects if user.pk in keep]
    title = ngettext("Delete user", "Delete users", len(objects))
    return refusal(request, users, page_title=title, bulk=True)
