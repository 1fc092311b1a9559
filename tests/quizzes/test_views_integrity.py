"""Integrity of the officer's pages.

Nothing sent before an answer is submitted tells which answer is correct; every submission the
service refuses is explained on the page and changes nothing.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.models import Attempt, AttemptAnswer

from .factories import QuizFactory, essay, multiple_choice, true_false
from .view_helpers import (
    answer,
    answer_data,
    asked,
    attempt_url,
    field,
    finish_url,
    main_html,
    question_url,
    start,
    start_url,
)

pytestmark = pytest.mark.django_db

EXPLANATIONS = [f"Explanation number {n}: the standard requires it." for n in range(1, 5)]


@pytest.fixture
def quiz():
    """Every kind of question, each with its own explanation and citation."""
    quiz = QuizFactory(title="Integrity", pass_mark=50)
    multiple_choice(
        quiz,
        content="One right answer",
        correct=("Tell the consulate",),
        wrong=("Tell nobody", "Tell the press"),
        explanation=EXPLANATIONS[0],
        cites_instrument="VCCR",
        cites_article="art. 36.1(b)",
    )
    multiple_choice(
        quiz,
        content="Two right answers",
        correct=("Interpreter", "Lawyer"),
        wrong=("Nothing",),
        explanation=EXPLANATIONS[1],
        cites_instrument="ICCPR",
        cites_article="art. 14.3",
    )
    true_false(
        quiz,
        answer=False,
        content="Collective expulsion is allowed.",
        explanation=EXPLANATIONS[2],
        cites_instrument="ICRMW",
        cites_article="art. 22.1",
    )
    essay(
        quiz,
        content="Describe the receipt for a passport.",
        explanation=EXPLANATIONS[3],
        cites_instrument="ICRMW",
        cites_article="art. 21",
    )
    return quiz


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer)
    return client


def assert_reveals_nothing(html):
    lowered = html.lower()
    assert "correct" not in lowered
    for marker in ("quiz-verdict", "quiz-option--right", "tag--best", "data-"):
        assert marker not in lowered
    for explanation in EXPLANATIONS:
        assert explanation not in html
    for citation in ("VCCR", "ICCPR", "ICRMW", "art. 36", "art. 14", "art. 22", "art. 21"):
        assert citation not in html


def stored(attempt):
    attempt = Attempt.objects.get(pk=attempt.pk)
    return (
        attempt.status,
        attempt.score,
        attempt.submitted_at,
        list(AttemptAnswer.objects.order_by("pk").values()),
    )


# Nothing reveals the correct answer before it is given


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_a_question_page_does_not_reveal_the_answer(signed_in, quiz, number):
    attempt = start(signed_in, quiz)
    response = signed_in.get(question_url(attempt, number))
    assert response.status_code == 200
    assert asked(attempt, number)["content"] in response.content.decode()
    assert_reveals_nothing(response.content.decode())


def test_options_carry_nothing_but_their_id_and_text(signed_in, quiz):
    attempt = start(signed_in, quiz)
    html = main_html(signed_in.get(question_url(attempt, 1)))
    question = asked(attempt, 1)
    for option in question["answers"]:
        assert (
            f'<input type="radio" name="{field(question["id"])}" '
            f'id="id_q{question["id"]}-answer_{question["answers"].index(option)}" '
            f'value="{option["id"]}">'
        ) in html
    # The options are in the order the snapshot gives (answer order "as entered" here).
    positions = [html.index(f">{option['content']}</label>") for option in question["answers"]]
    assert positions == sorted(positions)


def test_the_one_page_form_does_not_reveal_any_answer(signed_in, quiz):
    quiz.one_question_per_page = False
    quiz.save()
    attempt = start(signed_in, quiz)
    assert_reveals_nothing(signed_in.get(attempt_url(attempt)).content.decode())


def test_after_answering_one_question_the_others_stay_hidden(signed_in, quiz):
    quiz.one_question_per_page = False
    quiz.save()
    attempt = start(signed_in, quiz)
    signed_in.post(attempt_url(attempt), answer_data(asked(attempt, 1)))
    html = main_html(signed_in.get(attempt_url(attempt)))
    assert EXPLANATIONS[0] in html  # feedback on the one answered
    for explanation in EXPLANATIONS[1:]:
        assert explanation not in html
    assert "ICCPR" not in html
    assert html.count("Correct answer</span>") == 1


def test_a_page_refusing_an_answer_does_not_reveal_it(signed_in, quiz):
    attempt = start(signed_in, quiz)
    response = signed_in.post(question_url(attempt, 1), {"question": asked(attempt, 1)["id"]})
    html = response.content.decode()
    assert "Choose at least one answer." in html
    assert_reveals_nothing(html.replace("Choose at least one answer.", ""))


def test_the_finish_page_reveals_nothing_before_handing_in(signed_in, quiz):
    quiz.answers_at_end = True
    quiz.save()
    attempt = start(signed_in, quiz)
    answer(signed_in, attempt, 1)
    assert_reveals_nothing(signed_in.get(finish_url(attempt)).content.decode())
    assert_reveals_nothing(signed_in.get(question_url(attempt, 1)).content.decode())


def test_the_start_page_reveals_nothing(signed_in, quiz):
    assert_reveals_nothing(signed_in.get(start_url(quiz)).content.decode())


# Refused submissions: a clear message, and nothing changes


def test_an_answer_id_of_another_question_is_refused(signed_in, quiz):
    attempt = start(signed_in, quiz)
    before = stored(attempt)
    mine, other = asked(attempt, 1), asked(attempt, 2)
    response = signed_in.post(
        question_url(attempt, 1),
        {"question": mine["id"], field(mine["id"]): other["answers"][0]["id"]},
    )
    assert response.status_code == 200
    assert f"The answer {other['answers'][0]['id']} does not belong to this question." in main_html(
        response
    )
    assert stored(attempt) == before


def test_an_answer_that_is_not_a_number_is_refused(signed_in, quiz):
    attempt = start(signed_in, quiz)
    before = stored(attempt)
    mine = asked(attempt, 1)
    response = signed_in.post(
        question_url(attempt, 1), {"question": mine["id"], field(mine["id"]): "1 OR 1=1"}
    )
    assert "does not belong to this question." in main_html(response)
    assert stored(attempt) == before


def test_a_question_not_in_the_attempt_is_refused(signed_in, quiz):
    elsewhere = multiple_choice(QuizFactory(title="Elsewhere"))
    attempt = start(signed_in, quiz)
    before = stored(attempt)
    right = elsewhere.answers.filter(correct=True).first()
    response = signed_in.post(
        question_url(attempt, 1), {"question": elsewhere.pk, field(elsewhere.pk): right.pk}
    )
    assert response.status_code == 200
    assert "This question is not part of this attempt." in main_html(response)
    assert stored(attempt) == before


def test_a_question_id_that_is_not_a_number_is_refused(signed_in, quiz):
    attempt = start(signed_in, quiz)
    before = stored(attempt)
    response = signed_in.post(question_url(attempt, 1), {"question": "abc"})
    assert "This question is not part of this attempt." in main_html(response)
    assert stored(attempt) == before


def test_a_closed_attempt_takes_no_more_answers(signed_in, quiz):
    attempt = start(signed_in, quiz)
    signed_in.post(finish_url(attempt))
    before = stored(attempt)
    response = signed_in.post(question_url(attempt, 1), answer_data(asked(attempt, 1)))
    assert response.status_code == 200
    html = main_html(response)
    assert "This attempt is closed: no more answers can be given." in html
    assert "<fieldset" not in html
    assert stored(attempt) == before


def test_a_closed_attempt_takes_no_more_answers_on_one_page(signed_in, quiz):
    quiz.one_question_per_page = False
    quiz.save()
    attempt = start(signed_in, quiz)
    signed_in.post(finish_url(attempt))
    before = stored(attempt)
    data = answer_data(asked(attempt, 1))
    data["question"] = [data["question"], str(asked(attempt, 3)["id"])]
    data.update(answer_data(asked(attempt, 3)) | {"question": data["question"]})
    response = signed_in.post(attempt_url(attempt), data)
    html = main_html(response)
    assert html.count("This attempt is closed: no more answers can be given.") == 1
    assert stored(attempt) == before


def test_an_answer_after_the_deadline_is_refused(signed_in, quiz):
    quiz.time_limit_minutes = 10
    quiz.save()
    attempt = start(signed_in, quiz)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    before = stored(attempt)
    response = signed_in.post(question_url(attempt, 1), answer_data(asked(attempt, 1)))
    assert response.status_code == 200
    html = main_html(response)
    assert "The time limit for this attempt has passed: the answer was not recorded." in html
    assert finish_url(attempt) in html
    assert stored(attempt) == before


def test_another_users_attempt_is_not_found_and_unchanged(client, officer, other_officer, quiz):
    client.force_login(officer)
    attempt = start(client, quiz)
    before = stored(attempt)
    client.force_login(other_officer)
    response = client.post(question_url(attempt, 1), answer_data(asked(attempt, 1)))
    assert response.status_code == 404
    assert client.post(finish_url(attempt)).status_code == 404
    assert stored(attempt) == before


def test_a_double_submitted_answer_is_counted_once(signed_in, quiz):
    attempt = start(signed_in, quiz)
    answer(signed_in, attempt, 1)
    before = stored(attempt)
    quiz.answers_at_end = True  # the live quiz changes nothing: the snapshot decides
    quiz.save()
    response = answer(signed_in, attempt, 1, correct=False)
    assert response.status_code == 200
    assert "This question has already been answered." in main_html(response)
    assert stored(attempt) == before


def test_an_over_long_essay_is_refused_and_kept_on_the_page(signed_in, quiz):
    attempt = start(signed_in, quiz)
    question = asked(attempt, 4)
    text = "x" * 20_001
    response = signed_in.post(question_url(attempt, 4), answer_data(question, text=text))
    html = main_html(response)
    assert "Your answer is too long: keep it under 20000 characters." in html
    assert f"{text}</textarea>" in html
    assert 'aria-invalid="true"' in html
    assert not AttemptAnswer.objects.exists()
