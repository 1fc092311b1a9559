"""Who may open the officer's quiz pages: one test per role for every page.

An attempt is its owner's alone: another officer, a trainer and an auditor all get 404 (not
403, so attempt ids cannot be probed), and nothing they post changes it. Anonymous visitors
are sent to log in. A draft quiz is hidden from everyone who cannot edit quizzes.
"""

from urllib.parse import unquote

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from quizzes.models import Attempt, AttemptAnswer

from .factories import QuizFactory, multiple_choice, true_false
from .view_helpers import (
    answer_data,
    asked,
    attempt_url,
    finish_url,
    question_url,
    result_url,
    start_url,
)

pytestmark = pytest.mark.django_db

OTHERS = ["other_officer", "trainer", "auditor"]


@pytest.fixture
def quiz():
    quiz = QuizFactory(title="Consular notification")
    multiple_choice(quiz, content="Who must be told?")
    true_false(quiz, answer=True, content="The consulate must be told without delay.")
    return quiz


@pytest.fixture
def open_attempt(client, officer, quiz):
    client.force_login(officer)
    client.post(start_url(quiz))
    client.logout()
    return Attempt.objects.get(user=officer)


@pytest.fixture
def finished_attempt(client, officer, quiz):
    client.force_login(officer)
    client.post(start_url(quiz))
    attempt = Attempt.objects.get(user=officer)
    client.post(question_url(attempt, 1), answer_data(asked(attempt, 1)))
    client.post(finish_url(attempt))
    client.logout()
    attempt.refresh_from_db()
    return attempt


def assert_sent_to_login(response, url):
    assert response.status_code == 302
    login, _, query = response.url.partition("?")
    assert login == resolve_url(settings.LOGIN_URL)
    assert unquote(query) == f"next={url}"


def open_attempt_urls(attempt):
    return [attempt_url(attempt), question_url(attempt, 1), finish_url(attempt)]


# The start page


@pytest.mark.parametrize("role", ["officer", "other_officer", "trainer", "auditor"])
def test_any_signed_in_user_sees_a_published_quiz(client, request, quiz, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(start_url(quiz))
    assert response.status_code == 200
    assert "Consular notification" in response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in_from_the_start_page(client, quiz):
    url = start_url(quiz)
    assert_sent_to_login(client.get(url), url)
    assert_sent_to_login(client.post(url), url)
    assert not Attempt.objects.exists()


@pytest.mark.parametrize("role", ["officer", "other_officer", "auditor"])
def test_a_draft_quiz_is_hidden_from_non_editors(client, request, quiz, role):
    quiz.draft = True
    quiz.save()
    client.force_login(request.getfixturevalue(role))
    assert client.get(start_url(quiz)).status_code == 404
    assert client.post(start_url(quiz)).status_code == 404
    assert not Attempt.objects.exists()


def test_an_editor_sees_and_takes_a_draft_quiz(client, trainer, quiz):
    quiz.draft = True
    quiz.save()
    client.force_login(trainer)
    response = client.get(start_url(quiz))
    assert response.status_code == 200
    assert "This quiz is a draft" in response.content.decode()
    assert client.post(start_url(quiz)).status_code == 302
    assert Attempt.objects.filter(user=trainer).count() == 1


def test_an_unknown_quiz_is_not_found(client, officer):
    client.force_login(officer)
    assert client.get(reverse("quizzes:start", args=["no-such-quiz"])).status_code == 404


def test_starting_needs_a_post(client, officer, quiz):
    client.force_login(officer)
    client.get(start_url(quiz))
    assert not Attempt.objects.exists()


# Pages of an attempt


def test_the_owner_sees_every_page_of_an_open_attempt(client, officer, open_attempt):
    client.force_login(officer)
    assert client.get(attempt_url(open_attempt)).status_code == 302  # to question 1
    assert client.get(question_url(open_attempt, 1)).status_code == 200
    assert client.get(finish_url(open_attempt)).status_code == 200


def test_the_owner_sees_the_result_of_a_finished_attempt(client, officer, finished_attempt):
    client.force_login(officer)
    assert client.get(result_url(finished_attempt)).status_code == 200


@pytest.mark.parametrize("role", OTHERS)
def test_nobody_else_sees_an_open_attempt(client, request, open_attempt, role):
    client.force_login(request.getfixturevalue(role))
    for url in open_attempt_urls(open_attempt):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("role", OTHERS)
def test_nobody_else_sees_a_result(client, request, finished_attempt, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(result_url(finished_attempt)).status_code == 404


@pytest.mark.parametrize("role", OTHERS)
def test_nobody_else_can_answer_or_hand_in_an_attempt(client, request, open_attempt, role):
    client.force_login(request.getfixturevalue(role))
    data = answer_data(asked(open_attempt, 1))
    assert client.post(question_url(open_attempt, 1), data).status_code == 404
    assert client.post(attempt_url(open_attempt), data).status_code == 404
    assert client.post(finish_url(open_attempt)).status_code == 404
    open_attempt.refresh_from_db()
    assert open_attempt.is_open
    assert not AttemptAnswer.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in_from_an_attempt(client, open_attempt):
    for url in [*open_attempt_urls(open_attempt), result_url(open_attempt)]:
        assert_sent_to_login(client.get(url), url)
        assert_sent_to_login(client.post(url, answer_data(asked(open_attempt, 1))), url)
    open_attempt.refresh_from_db()
    assert open_attempt.is_open
    assert not AttemptAnswer.objects.exists()


def test_an_unknown_attempt_looks_the_same_as_someone_elses(client, other_officer, open_attempt):
    client.force_login(other_officer)
    missing = Attempt.objects.order_by("-pk").first().pk + 100
    assert client.get(reverse("quizzes:result", args=[missing])).status_code == 404
    assert client.get(result_url(open_attempt)).status_code == 404


def test_a_question_number_outside_the_attempt_is_not_found(client, officer, open_attempt):
    client.force_login(officer)
    assert client.get(question_url(open_attempt, 3)).status_code == 404
    assert client.get(question_url(open_attempt, 0)).status_code == 404
