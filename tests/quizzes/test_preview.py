"""Trainers preview a quiz in the admin as an officer sees it, or with its answers."""

import pytest
from django.urls import reverse
from wagtail.admin.models import FormState

from quizzes.models import Quiz

from .factories import essay
from .view_helpers import main_html

EDIT_PREVIEW = "wagtailsnippets_quizzes_quiz:preview_on_edit"
ADD_PREVIEW = "wagtailsnippets_quizzes_quiz:preview_on_add"
EXPLANATION = "Because the standard says so."  # every factory question's explanation
CITATION = "ICRMW, art. 16"  # and its standard cited


def form_data(quiz, **changes):
    """What the quiz's edit form posts, as the live preview panel sends it."""
    data = {
        "title": quiz.title,
        "slug": quiz.slug,
        "category": quiz.category_id or "",
        "description": quiz.description,
        "pass_mark": quiz.pass_mark,
        "max_attempts": quiz.max_attempts or "",
        "time_limit_minutes": quiz.time_limit_minutes or "",
        "max_questions": quiz.max_questions or "",
        "success_text": quiz.success_text,
        "fail_text": quiz.fail_text,
    }
    flags = ("single_attempt", "exam_paper", "random_order", "one_question_per_page")
    flags += ("answers_at_end", "draft")
    data.update({flag: "on" for flag in flags if getattr(quiz, flag)})
    data.update(changes)
    return data


def preview(client, quiz, mode=None, **changes):
    """Send the form to the preview, as the edit view does, then fetch the preview in ``mode``."""
    url = reverse(EDIT_PREVIEW, args=[quiz.pk])
    response = client.post(url, form_data(quiz, **changes))
    assert response.json() == {"is_valid": True, "is_available": True}
    return client.get(url, {"mode": mode} if mode else {})


def test_a_quiz_offers_the_officer_preview_first_and_one_with_answers():
    quiz = Quiz(title="Custody", pass_mark=75)
    assert quiz.is_previewable()
    assert [mode for mode, _label in quiz.preview_modes] == ["", Quiz.PREVIEW_WITH_ANSWERS]
    assert quiz.default_preview_mode == ""


def test_a_trainer_previews_the_quiz_as_an_officer_sees_it_without_the_answers(
    client, trainer, quiz
):
    client.force_login(trainer)
    response = preview(client, quiz)

    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Who must be told?", "Which apply?", "Separate from convicted prisoners."):
        assert text in html
    assert html.count('class="quiz-question"') == 4
    assert "Question 4 of 4" in html
    assert 'type="radio"' in html and 'type="checkbox"' in html  # one and several correct
    assert "Select all that apply." in html
    # Nothing says which answer is right: no marker, no explanation, no standard cited. (The
    # Wagtail user bar outside <main> has its own uses of the word "correct".)
    main = main_html(response)
    for leak in ("correct", "quiz-verdict", "quiz-option--right", "tag--best", "data-"):
        assert leak not in main.lower()
    assert EXPLANATION not in html
    assert CITATION not in html
    assert "Submit answer" not in html  # nothing is recorded from a preview


def test_a_trainer_previews_the_quiz_with_its_answers(client, trainer, quiz):
    client.force_login(trainer)
    response = preview(client, quiz, Quiz.PREVIEW_WITH_ANSWERS)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Who must be told?" in html
    assert html.count("quiz-option--right") == 3  # "Right" once, then "A" and "B"
    assert "Correct answer: the statement is true." in html
    assert "Correct answer: the statement is false." in html
    assert html.count(EXPLANATION) == 4
    assert CITATION in html


def test_the_preview_shows_the_unsaved_edits_and_the_draw_from_the_pool(client, trainer, quiz):
    essay(quiz, content="Describe the receipt for a confiscated passport.")
    client.force_login(trainer)
    response = preview(client, quiz, title="Custody, revised", max_questions=2)

    html = response.content.decode()
    assert "Custody, revised" in html
    assert "2, drawn at random from these 5 for each attempt" in html
    assert "Describe the receipt for a confiscated passport." in html
    assert "<textarea" in html
    quiz.refresh_from_db()
    assert quiz.title == "Custody of foreign nationals"  # previewing saves nothing


def test_a_quiz_being_added_previews_with_no_questions(client, trainer):
    client.force_login(trainer)
    url = reverse(ADD_PREVIEW)
    data = form_data(Quiz(title="New quiz", slug="new-quiz", pass_mark=80))
    assert client.post(url, data).json()["is_valid"] is True

    response = client.get(url)

    assert response.status_code == 200
    assert "New quiz" in response.content.decode()
    assert "This quiz has no questions yet." in response.content.decode()


def test_the_quiz_edit_view_offers_the_preview(client, trainer, quiz):
    client.force_login(trainer)
    response = client.get(reverse("wagtailsnippets_quizzes_quiz:edit", args=[quiz.pk]))
    html = response.content.decode()
    assert reverse(EDIT_PREVIEW, args=[quiz.pk]) in html
    assert "With answers" in html


@pytest.mark.parametrize("mode", [None, Quiz.PREVIEW_WITH_ANSWERS])
def test_anonymous_users_and_officers_are_sent_to_the_admin_login(client, officer, quiz, mode):
    url = reverse(EDIT_PREVIEW, args=[quiz.pk])
    query = {"mode": mode} if mode else {}
    for user in (None, officer):  # an officer has no admin access
        if user is not None:
            client.force_login(user)
        for response in (client.get(url, query), client.post(url, form_data(quiz))):
            assert response.status_code == 302
            assert response.url.startswith(reverse("wagtailadmin_login"))
    assert not FormState.objects.exists()


@pytest.mark.parametrize("mode", [None, Quiz.PREVIEW_WITH_ANSWERS])
def test_an_auditor_is_sent_back_to_the_admin_dashboard(client, auditor, quiz, mode):
    client.force_login(auditor)
    url = reverse(EDIT_PREVIEW, args=[quiz.pk])

    responses = [client.get(url, {"mode": mode} if mode else {}), client.post(url, form_data(quiz))]

    for response in responses:
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")
    assert not FormState.objects.exists()  # the refused form was not kept for a later preview
