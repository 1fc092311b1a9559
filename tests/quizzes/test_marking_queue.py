"""The essay marking queue in the admin: who may use it, what it lists, marking, the email."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import include, path, reverse
from django.utils import timezone
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from quizzes import services
from quizzes.admin_views.notifications import notify_result_ready, result_url
from quizzes.models import Attempt, AttemptAnswer

from ..factories import OfficerProfileFactory, UserFactory
from .factories import QuizFactory, essay, multiple_choice

pytestmark = pytest.mark.django_db

QUEUE = reverse("quiz_marking:index")
START = timezone.now() - timedelta(days=10)


def mark_url(answer):
    return reverse("quiz_marking:mark", args=[answer.pk])


def hand_in(user, quiz, *, days=0, essay_text="I tell the person in a language they understand."):
    """``user``'s attempt at ``quiz``, every question answered, handed in ``days`` after START."""
    now = START + timedelta(days=days)
    attempt = services.start_attempt(user, quiz, now=now)
    for question in attempt.questions_as_asked():
        if question["kind"] == "essay":
            payload = {"text": essay_text}
        else:
            payload = {"answer_ids": [a["id"] for a in question["answers"] if a["correct"]]}
        services.submit_answer(attempt, user, question["id"], payload, now=now)
    return services.finish_attempt(attempt, user=user, now=now)


def essays(attempt):
    return list(attempt.answers.filter(kind="essay").order_by("question_id"))


def stored(answer):
    answer = AttemptAnswer.objects.select_related("attempt").get(pk=answer.pk)
    return (
        answer.awarded_score,
        answer.marked_at,
        answer.marker_comment,
        answer.attempt.status,
        answer.attempt.score,
    )


def messages_of(response):
    return [str(message).strip() for message in response.wsgi_request._messages]


@pytest.fixture
def awaiting(officer, essay_quiz):
    return hand_in(officer, essay_quiz)


@pytest.fixture
def trainer_client(client, trainer):
    client.force_login(trainer)
    return client


# Access, per role


def test_the_trainer_role_holds_the_marking_permission(trainer):
    assert trainer.has_perm("quizzes.mark_attempt")


def test_anonymous_visitors_are_sent_to_the_admin_login(client, awaiting):
    for url in (QUEUE, mark_url(essays(awaiting)[0])):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize("role", ["officer", "auditor", "training administrator"])
def test_other_roles_cannot_see_the_queue_or_mark(client, role_users, awaiting, role):
    answer = essays(awaiting)[0]
    before = stored(answer)
    client.force_login(role_users[role])

    for url in (QUEUE, mark_url(answer)):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert b"Describe how you inform" not in response.content
    response = client.post(mark_url(answer), {"score": "1", "comment": "Sneaky."})

    assert response.status_code in (302, 403)
    assert stored(answer) == before


@pytest.mark.parametrize(
    ("role", "shown"),
    [("trainer", True), ("auditor", False), ("training administrator", False)],
)
def test_the_menu_item_is_shown_to_markers_only(client, role_users, role, shown):
    client.force_login(role_users[role])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert ("Essays to mark" in html) is shown


# The queue


def test_the_queue_lists_each_essay_with_officer_quiz_question_and_date(
    trainer_client, officer, awaiting
):
    html = trainer_client.get(QUEUE).content.decode()
    assert html.count(officer.get_full_name()) == 2
    assert "Explain" in html  # the quiz title
    assert "Describe how you inform an arrested person." in html
    assert "Describe the receipt for a confiscated passport." in html
    for answer in essays(awaiting):
        assert mark_url(answer) in html


def test_the_queue_shows_the_question_as_it_was_asked(trainer_client, awaiting, essay_quiz):
    question = essay_quiz.questions.get(content__startswith="Describe how")
    question.content = "Reworded after the attempt."
    question.save()
    html = trainer_client.get(QUEUE).content.decode()
    assert "Describe how you inform an arrested person." in html
    assert "Reworded after the attempt." not in html


def test_the_queue_lists_the_oldest_hand_in_first(trainer_client, essay_quiz, org_tree):
    late = OfficerProfileFactory(user__first_name="Late", user__last_name="Comer").user
    early = OfficerProfileFactory(user__first_name="Early", user__last_name="Bird").user
    hand_in(late, essay_quiz, days=5)
    hand_in(early, essay_quiz, days=1)

    html = trainer_client.get(QUEUE).content.decode()
    assert html.index("Early Bird") < html.index("Late Comer")


def test_the_queue_leaves_out_marked_essays_and_open_attempts(
    trainer_client, officer, other_officer, essay_quiz, marker
):
    decided = hand_in(officer, essay_quiz)
    for answer in essays(decided):
        services.mark_essay(answer, marker, 1)
    services.start_attempt(other_officer, essay_quiz)  # still in progress

    html = trainer_client.get(QUEUE).content.decode()
    assert "There are no essays awaiting marking to display." in html


def test_the_queue_filters_by_quiz(trainer_client, officer, essay_quiz):
    hand_in(officer, essay_quiz)
    other = QuizFactory(title="Use of force")
    essay(other, content="When may force be used?")
    hand_in(officer, other)

    html = trainer_client.get(QUEUE, {"quiz": other.pk}).content.decode()
    assert "When may force be used?" in html
    assert "Describe how you inform" not in html


def test_the_queue_is_paginated(trainer_client, org_tree):
    quiz = QuizFactory(title="Many essays")
    essay(quiz, content="Only question.")
    for profile in OfficerProfileFactory.create_batch(51):
        hand_in(profile.user, quiz)

    first = trainer_client.get(QUEUE).content.decode()
    second = trainer_client.get(QUEUE, {"p": 2}).content.decode()
    assert first.count("Only question.") == 50
    assert second.count("Only question.") == 1


def _queue_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(QUEUE).status_code == 200
    return len(queries)


def test_the_queue_runs_a_constant_number_of_queries(trainer_client, essay_quiz, org_tree):
    for profile in OfficerProfileFactory.create_batch(2):
        hand_in(profile.user, essay_quiz)
    _queue_queries(trainer_client)  # warm caches
    few = _queue_queries(trainer_client)
    for profile in OfficerProfileFactory.create_batch(10):
        hand_in(profile.user, essay_quiz)
    assert _queue_queries(trainer_client) == few


# Marking


def test_the_marking_page_shows_the_essay_and_the_question(trainer_client, awaiting):
    answer = essays(awaiting)[0]
    response = trainer_client.get(mark_url(answer))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Describe how you inform an arrested person." in html
    assert "I tell the person in a language they understand." in html
    assert "From 0 to 1." in html
    assert 'name="score"' in html


def test_marking_records_the_score_and_comment(trainer_client, trainer, awaiting):
    answer = essays(awaiting)[0]
    response = trainer_client.post(mark_url(answer), {"score": "0.5", "comment": " Partly. "})

    assert response.status_code == 302 and response.url == QUEUE
    answer.refresh_from_db()
    assert answer.awarded_score == Decimal("0.5")
    assert answer.marker_comment == "Partly."
    assert answer.marked_by == trainer
    assert Attempt.objects.get(pk=awaiting.pk).status == Attempt.Status.AWAITING_MARKING
    assert not mail.outbox
    messages = messages_of(response)
    assert messages == ["Essay marked. 1 more essay in this attempt awaits marking."]


def test_the_last_essay_decides_the_attempt_and_emails_the_officer(
    trainer_client, officer, awaiting, django_capture_on_commit_callbacks
):
    first, last = essays(awaiting)
    trainer_client.post(mark_url(first), {"score": "1"})
    with django_capture_on_commit_callbacks(execute=True):
        response = trainer_client.post(mark_url(last), {"score": "1", "comment": "Good."})

    assert Attempt.objects.get(pk=awaiting.pk).status == Attempt.Status.PASSED
    [email] = mail.outbox
    assert email.to == [officer.email]
    assert email.subject == "Your result for “Explain” is ready"
    assert "have been marked, and your result is ready" in email.body
    assert "Passed" not in email.body  # the result itself is behind the sign-in
    expected_link = result_url(awaiting) or "http://127.0.0.1:8000/"
    assert expected_link in email.body
    messages = messages_of(response)
    assert any("has been emailed that the result is ready" in m for m in messages)
    assert ModelLogEntry.objects.filter(
        action="quizzes.attempt.notify", object_id=str(awaiting.pk)
    ).exists()


def _result_page(request, pk):
    return HttpResponse(f"result {pk}")


#: Stands in for the learner's quiz URLs, to prove the link when they exist.
urlpatterns = [
    path("admin/", include("wagtail.admin.urls")),
    path("quiz/", include(([path("result/<int:pk>/", _result_page, name="result")], "quizzes"))),
]


@override_settings(ROOT_URLCONF=__name__, WAGTAILADMIN_BASE_URL="https://training.example")
def test_the_email_links_to_the_officers_result_page(
    trainer_client, awaiting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for answer in essays(awaiting):
            trainer_client.post(mark_url(answer), {"score": "0"})
    [email] = mail.outbox
    assert f"https://training.example/quiz/result/{awaiting.pk}/" in email.body


class WithoutResultPage:
    """A site that installs the apps without the learner's quiz pages."""

    urlpatterns = [path("admin/", include("wagtail.admin.urls"))]


@override_settings(ROOT_URLCONF=WithoutResultPage, WAGTAILADMIN_BASE_URL="https://training.example")
def test_without_a_result_page_the_email_points_to_the_site(awaiting, marker):
    for answer in essays(awaiting):
        services.mark_essay(answer, marker, 1)
    awaiting.refresh_from_db()

    assert result_url(awaiting) is None
    assert notify_result_ready(awaiting, marker=marker) is True
    [email] = mail.outbox
    assert "Sign in to the training site to see your result" in email.body
    assert "https://training.example/" in email.body


def test_an_officer_without_an_email_address_is_not_emailed(
    trainer_client, essay_quiz, org_tree, django_capture_on_commit_callbacks
):
    officer = OfficerProfileFactory(user__email="").user
    attempt = hand_in(officer, essay_quiz)
    with django_capture_on_commit_callbacks(execute=True):
        for answer in essays(attempt):
            response = trainer_client.post(mark_url(answer), {"score": "1"})
    assert not mail.outbox
    messages = messages_of(response)
    assert any("could not be emailed" in m for m in messages)


@pytest.mark.parametrize("score", ["2", "-1", "1.5"])
def test_a_score_out_of_range_is_refused_and_changes_nothing(trainer_client, awaiting, score):
    answer = essays(awaiting)[0]
    before = stored(answer)
    response = trainer_client.post(mark_url(answer), {"score": score, "comment": "x"})
    assert response.status_code == 200
    assert "Give a score from 0 to 1." in response.content.decode()
    assert stored(answer) == before


def test_a_score_that_is_not_a_number_is_refused(trainer_client, awaiting):
    answer = essays(awaiting)[0]
    before = stored(answer)
    response = trainer_client.post(mark_url(answer), {"score": "lots"})
    assert response.status_code == 200
    assert "Enter a number." in response.content.decode()
    assert stored(answer) == before


def test_an_essay_marked_already_is_not_marked_again(trainer_client, awaiting, officer, org_tree):
    answer = essays(awaiting)[0]
    other_marker = UserFactory(username="other-marker", is_superuser=True)
    services.mark_essay(answer, other_marker, 1, "First mark.")
    before = stored(answer)

    response = trainer_client.get(mark_url(answer), follow=True)
    assert "This essay was marked by" in response.content.decode()
    response = trainer_client.post(mark_url(answer), {"score": "0"}, follow=True)
    assert "This essay was marked by" in response.content.decode()
    assert stored(answer) == before


def test_a_marker_cannot_mark_their_own_attempt(trainer_client, trainer, essay_quiz):
    attempt = hand_in(trainer, essay_quiz)
    answer = essays(attempt)[0]
    before = stored(answer)

    page = trainer_client.get(mark_url(answer)).content.decode()
    assert "This is your own attempt: another marker must mark it." in page
    assert 'name="score"' not in page
    response = trainer_client.post(mark_url(answer), {"score": "1"}, follow=True)
    assert "You cannot mark your own attempt." in response.content.decode()
    assert stored(answer) == before


def test_an_answer_that_is_not_an_essay_has_no_marking_page(trainer_client, officer):
    quiz = QuizFactory()
    multiple_choice(quiz)
    essay(quiz)
    attempt = hand_in(officer, quiz)
    automatic = attempt.answers.get(kind="multiple_choice")
    assert trainer_client.get(mark_url(automatic)).status_code == 404


def test_marking_is_logged_with_a_translated_label(trainer_client, trainer, awaiting):
    answer = essays(awaiting)[0]
    trainer_client.post(mark_url(answer), {"score": "0.5"})
    entry = ModelLogEntry.objects.get(action="quizzes.attempt.mark")
    assert entry.user == trainer
    assert log_registry.get_action_label("quizzes.attempt.mark") == "Mark essay"
    assert entry.message == f"Marked the essay answering question {answer.question_id}: 0.50"
    assert log_registry.get_action_label("quizzes.attempt.notify") == "Tell officer of result"
