"""Taking a quiz as an officer: start, answer, feedback, hand in, result, and back to the module."""

from datetime import timedelta

import pytest
from django.utils import timezone

from courses import services as course_services
from courses.models import Enrolment, ModulePage
from quizzes import services
from quizzes.models import Attempt, AttemptAnswer, Question

from ..courses.factories import add_quiz_to_module, build_course
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
    result_url,
    start,
    start_url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz():
    """Four auto-marked questions, one per page, feedback after each, pass mark 75%."""
    quiz = QuizFactory(
        title="Custody of foreign nationals",
        description="What the custody officer owes a foreign national.",
        pass_mark=75,
        success_text="Well done: you know the custody rules.",
        fail_text="Read the custody module again.",
    )
    multiple_choice(
        quiz,
        content="Who must be told of the arrest?",
        explanation="The consulate, if the person asks.",
        cites_instrument="VCCR",
        cites_article="art. 36",
    )
    multiple_choice(quiz, content="Which apply?", correct=("A", "B"), wrong=("C",))
    true_false(quiz, answer=True, content="Separate from convicted prisoners.")
    true_false(quiz, answer=False, content="Collective expulsion is allowed.")
    return quiz


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer)
    return client


# The start page


def test_the_start_page_says_what_the_quiz_asks(signed_in, quiz):
    quiz.time_limit_minutes = 20
    quiz.max_attempts = 3
    quiz.save()
    html = main_html(signed_in.get(start_url(quiz)))
    assert "Custody of foreign nationals" in html
    assert "What the custody officer owes a foreign national." in html
    assert "75%" in html
    assert "<dd>4</dd>" in html
    assert "20 minutes" in html
    assert "0 of 3 used" in html
    assert 'type="submit" class="button">Start</button>' in html


def test_the_start_page_counts_the_questions_drawn_from_a_pool(signed_in, quiz):
    quiz.max_questions = 2
    quiz.save()
    assert "<dd>2</dd>" in main_html(signed_in.get(start_url(quiz)))


def test_starting_creates_an_attempt_and_opens_the_first_question(signed_in, officer, quiz):
    response = signed_in.post(start_url(quiz))
    attempt = Attempt.objects.get(user=officer)
    assert response.url == attempt_url(attempt)
    assert signed_in.get(response.url).url == question_url(attempt, 1)


def test_an_attempt_in_progress_is_continued_not_restarted(signed_in, quiz):
    attempt = start(signed_in, quiz)
    html = main_html(signed_in.get(start_url(quiz)))
    assert "You have an attempt in progress." in html
    assert attempt_url(attempt) in html
    assert "<dd>1 used, no limit</dd>" in html


def test_when_every_attempt_is_used_there_is_no_start_button(signed_in, quiz):
    quiz.single_attempt = True
    quiz.save()
    attempt = start(signed_in, quiz)
    signed_in.post(finish_url(attempt))
    html = main_html(signed_in.get(start_url(quiz)))
    assert "You have used every attempt this quiz allows." in html
    assert ">Start</button>" not in html
    assert result_url(attempt) in html


def test_a_refused_start_is_explained_on_the_page(signed_in, officer, quiz):
    quiz.single_attempt = True
    quiz.save()
    attempt = start(signed_in, quiz)
    signed_in.post(finish_url(attempt))
    response = signed_in.post(start_url(quiz))
    assert response.status_code == 200
    assert "This quiz allows a single attempt, and you have taken it." in main_html(response)
    assert Attempt.objects.filter(user=officer).count() == 1


def test_an_empty_quiz_cannot_be_started(signed_in):
    quiz = QuizFactory(title="Empty")
    response = signed_in.post(start_url(quiz))
    assert "This quiz has no questions yet." in main_html(response)
    assert not Attempt.objects.exists()


# One question per page, feedback after each question


def test_each_question_page_says_where_the_officer_is(signed_in, quiz):
    attempt = start(signed_in, quiz)
    html = main_html(signed_in.get(question_url(attempt, 3)))
    assert "Question 3 of 4" in html
    assert asked(attempt, 3)["content"] in html
    assert asked(attempt, 1)["content"] not in html


def test_a_right_answer_gets_feedback_with_the_explanation_and_the_standard(signed_in, quiz):
    attempt = start(signed_in, quiz)
    response = answer(signed_in, attempt, 1)
    assert response.url == question_url(attempt, 1)
    html = main_html(signed_in.get(response.url))
    assert "Correct." in html
    assert "The consulate, if the person asks." in html
    assert "<cite>VCCR, art. 36</cite>" in html
    assert question_url(attempt, 2) in html  # "Next question"


def test_a_wrong_answer_is_told_so_and_shown_the_right_one(signed_in, quiz):
    attempt = start(signed_in, quiz)
    answer(signed_in, attempt, 2, correct=False)
    html = main_html(signed_in.get(question_url(attempt, 2)))
    assert "Incorrect." in html
    assert html.count("Correct answer</span>") == 2
    assert "Your answer</span>" in html


def test_true_or_false_feedback_names_the_right_answer(signed_in, quiz):
    attempt = start(signed_in, quiz)
    answer(signed_in, attempt, 4, correct=False)
    html = main_html(signed_in.get(question_url(attempt, 4)))
    assert "Incorrect." in html
    assert "Your answer: true." in html
    assert "Correct answer: the statement is false." in html


def test_the_last_question_leads_to_handing_in(signed_in, quiz):
    attempt = start(signed_in, quiz)
    answer(signed_in, attempt, 4)
    html = main_html(signed_in.get(question_url(attempt, 4)))
    assert finish_url(attempt) in html
    assert "Hand in the quiz" in html


def test_the_attempt_page_resumes_at_the_first_unanswered_question(signed_in, quiz):
    attempt = start(signed_in, quiz)
    answer(signed_in, attempt, 1)
    answer(signed_in, attempt, 2)
    assert signed_in.get(attempt_url(attempt)).url == question_url(attempt, 3)
    answer(signed_in, attempt, 3)
    answer(signed_in, attempt, 4)
    assert signed_in.get(attempt_url(attempt)).url == finish_url(attempt)


# Kinds of question


def test_one_right_answer_gives_radio_buttons(signed_in, quiz):
    attempt = start(signed_in, quiz)
    html = main_html(signed_in.get(question_url(attempt, 1)))
    assert html.count('type="radio"') == 3
    assert 'type="checkbox"' not in html
    assert "Select all that apply." not in html


def test_several_right_answers_give_checkboxes_and_say_select_all(signed_in, quiz):
    attempt = start(signed_in, quiz)
    html = main_html(signed_in.get(question_url(attempt, 2)))
    assert html.count('type="checkbox"') == 3
    assert "Select all that apply." in html


def test_true_or_false_gives_two_radio_buttons(signed_in, quiz):
    attempt = start(signed_in, quiz)
    html = main_html(signed_in.get(question_url(attempt, 3)))
    assert html.count('type="radio"') == 2
    assert 'value="true"' in html
    assert 'value="false"' in html


def test_an_essay_gets_a_labelled_text_box_with_its_maximum_length(signed_in):
    quiz = QuizFactory()
    question = essay(quiz, content="Describe the receipt for a passport.")
    attempt = start(signed_in, quiz)
    html = main_html(signed_in.get(question_url(attempt, 1)))
    assert f'<label class="quiz-essay__label" for="id_q{question.pk}-answer">' in html
    assert 'maxlength="20000"' in html
    assert "Write up to 20,000 characters." in html


def test_multiple_answers_are_recorded_from_checkboxes(signed_in, quiz):
    attempt = start(signed_in, quiz)
    answer(signed_in, attempt, 2)
    recorded = AttemptAnswer.objects.get()
    assert recorded.is_correct is True
    assert len(recorded.selected_answer_ids) == 2


def test_an_essay_answer_counts_a_line_break_as_one_character(signed_in):
    quiz = QuizFactory()
    essay(quiz)
    attempt = start(signed_in, quiz)
    question = asked(attempt, 1)
    signed_in.post(
        question_url(attempt, 1),
        answer_data(question, text="First line.\r\nSecond line."),
    )
    assert AttemptAnswer.objects.get().essay_text == "First line.\nSecond line."


# Answers at the end


@pytest.fixture
def at_end_quiz(quiz):
    quiz.answers_at_end = True
    quiz.save()
    return quiz


def test_with_answers_at_end_answering_moves_on_without_feedback(signed_in, at_end_quiz):
    attempt = start(signed_in, at_end_quiz)
    response = answer(signed_in, attempt, 1, correct=False)
    assert response.url == question_url(attempt, 2)
    html = main_html(signed_in.get(question_url(attempt, 1)))
    assert "Your answer has been recorded." in html
    assert "correct" not in html.lower()
    assert "The consulate, if the person asks." not in html
    assert "VCCR" not in html


def test_with_answers_at_end_the_last_answer_leads_to_handing_in(signed_in, at_end_quiz):
    attempt = start(signed_in, at_end_quiz)
    answer(signed_in, attempt, 2)
    assert answer(signed_in, attempt, 4).url == question_url(attempt, 1)  # skipped earlier
    answer(signed_in, attempt, 1)
    assert answer(signed_in, attempt, 3).url == finish_url(attempt)


def test_with_answers_at_end_the_result_page_reviews_every_answer(signed_in, at_end_quiz):
    attempt = start(signed_in, at_end_quiz)
    answer(signed_in, attempt, 1, correct=False)
    signed_in.post(finish_url(attempt))
    html = main_html(signed_in.get(result_url(attempt)))
    assert "Incorrect." in html
    assert "The consulate, if the person asks." in html
    assert "<cite>VCCR, art. 36</cite>" in html
    assert html.count("Not answered.") == 3


# Every question on one page


@pytest.fixture
def one_page_quiz(quiz):
    quiz.one_question_per_page = False
    quiz.save()
    return quiz


def all_answers(attempt, *, correct=True, numbers=(1, 2, 3, 4)):
    data = {}
    for number in numbers:
        for key, value in answer_data(asked(attempt, number), correct=correct).items():
            if key == "question":
                data.setdefault("question", []).append(value)
            else:
                data[key] = value
    return data


def test_every_question_is_on_one_page(signed_in, one_page_quiz):
    attempt = start(signed_in, one_page_quiz)
    assert signed_in.get(question_url(attempt, 2)).url.endswith(
        attempt_url(attempt) + f"#question-{attempt.question_order[1]}"
    )
    html = main_html(signed_in.get(attempt_url(attempt)))
    for number in range(1, 5):
        assert f"Question {number} of 4" in html
        assert asked(attempt, number)["content"] in html
    assert html.count("<fieldset") == 4
    assert finish_url(attempt) in html


def test_answers_on_one_page_are_recorded_together_and_get_feedback(signed_in, one_page_quiz):
    attempt = start(signed_in, one_page_quiz)
    response = signed_in.post(attempt_url(attempt), all_answers(attempt))
    assert response.url == attempt_url(attempt)
    assert AttemptAnswer.objects.filter(attempt=attempt, is_correct=True).count() == 4
    html = main_html(signed_in.get(attempt_url(attempt)))
    assert html.count("Correct.") == 4
    assert "<fieldset" not in html


def test_unanswered_questions_on_one_page_are_left_for_later(signed_in, one_page_quiz):
    attempt = start(signed_in, one_page_quiz)
    data = all_answers(attempt, numbers=(1, 3))
    data["question"] = [str(pk) for pk in attempt.question_order]  # the page lists all four
    signed_in.post(attempt_url(attempt), data)
    assert AttemptAnswer.objects.count() == 2
    html = main_html(signed_in.get(attempt_url(attempt)))
    assert html.count("<fieldset") == 2
    assert "2 questions are not answered yet" in html


def test_one_refused_answer_on_one_page_records_none_of_them(signed_in, one_page_quiz):
    attempt = start(signed_in, one_page_quiz)
    data = all_answers(attempt)
    other = asked(attempt, 2)
    data[field(asked(attempt, 1)["id"])] = [str(other["answers"][0]["id"])]
    response = signed_in.post(attempt_url(attempt), data)
    assert response.status_code == 200
    html = main_html(response)
    assert "does not belong to this question." in html
    assert f'href="#id_q{asked(attempt, 1)["id"]}-answer_0"' in html
    assert not AttemptAnswer.objects.exists()
    # What the officer chose on the other questions is kept on the page.
    assert html.count("checked") == len(data[field(other["id"])]) + 2


def test_submitting_an_empty_page_asks_for_an_answer(signed_in, one_page_quiz):
    attempt = start(signed_in, one_page_quiz)
    response = signed_in.post(
        attempt_url(attempt), {"question": [str(pk) for pk in attempt.question_order]}
    )
    assert "Answer at least one question before submitting your answers." in main_html(response)
    assert not AttemptAnswer.objects.exists()


# Handing in and the result


def test_handing_in_shows_the_result_with_score_percent_and_success_text(signed_in, quiz):
    attempt = start(signed_in, quiz)
    for number in (1, 2, 3):
        answer(signed_in, attempt, number)
    html = main_html(signed_in.get(finish_url(attempt)))
    assert "You have answered 3 of 4 questions." in html
    assert question_url(attempt, 4) in html
    response = signed_in.post(finish_url(attempt))
    assert response.url == result_url(attempt)
    html = main_html(signed_in.get(response.url))
    assert "Passed" in html
    assert "3 of 4" in html
    assert "75%" in html
    assert "Well done: you know the custody rules." in html
    assert "Read the custody module again." not in html


def test_a_fail_shows_the_fail_text(signed_in, quiz):
    attempt = start(signed_in, quiz)
    answer(signed_in, attempt, 1, correct=False)
    signed_in.post(finish_url(attempt))
    html = main_html(signed_in.get(result_url(attempt)))
    assert "Not passed" in html
    assert "0 of 4" in html
    assert "Read the custody module again." in html


def test_handing_in_twice_changes_nothing(signed_in, quiz):
    attempt = start(signed_in, quiz)
    answer(signed_in, attempt, 1)
    signed_in.post(finish_url(attempt))
    attempt.refresh_from_db()
    assert signed_in.post(finish_url(attempt)).url == result_url(attempt)
    assert Attempt.objects.get().submitted_at == attempt.submitted_at


def test_essays_leave_the_result_awaiting_marking(signed_in):
    quiz = QuizFactory(pass_mark=50)
    multiple_choice(quiz)
    essay(quiz, content="Describe how you inform an arrested person.")
    attempt = start(signed_in, quiz)
    answer(signed_in, attempt, 1)
    answer(signed_in, attempt, 2)
    html = main_html(signed_in.get(question_url(attempt, 2)))
    assert "Awaiting marking by a trainer." in html
    signed_in.post(finish_url(attempt))
    html = main_html(signed_in.get(result_url(attempt)))
    assert "Awaiting marking" in html
    assert "awaiting marking by a trainer" in html
    assert "Percent" not in html
    assert "I would tell them at once." in html


def test_the_result_is_not_shown_before_handing_in(signed_in, quiz):
    attempt = start(signed_in, quiz)
    assert signed_in.get(result_url(attempt)).url == attempt_url(attempt)


def test_a_handed_in_attempt_sends_its_pages_to_the_result(signed_in, quiz):
    attempt = start(signed_in, quiz)
    signed_in.post(finish_url(attempt))
    for url in (attempt_url(attempt), question_url(attempt, 1), finish_url(attempt)):
        assert signed_in.get(url).url == result_url(attempt)


# Time limit


def test_the_time_remaining_is_shown_as_text(signed_in, quiz):
    quiz.time_limit_minutes = 30
    quiz.save()
    attempt = start(signed_in, quiz)
    html = main_html(signed_in.get(question_url(attempt, 1)))
    assert "Time remaining: 29\xa0minutes" in html


def test_no_time_is_shown_without_a_time_limit(signed_in, quiz):
    attempt = start(signed_in, quiz)
    assert "Time remaining" not in main_html(signed_in.get(question_url(attempt, 1)))


def test_when_time_is_up_the_page_offers_to_hand_in_and_no_form(signed_in, quiz):
    quiz.time_limit_minutes = 5
    quiz.save()
    attempt = start(signed_in, quiz)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    html = main_html(signed_in.get(question_url(attempt, 1)))
    assert "Time is up" in html
    assert "<fieldset" not in html
    assert finish_url(attempt) in html


# Everything reads the attempt's snapshot


def test_pages_show_the_question_as_asked_not_as_edited_since(signed_in, quiz):
    attempt = start(signed_in, quiz)
    question = Question.objects.get(pk=attempt.question_order[0])
    asked_text = question.content
    question.content = "Rewritten after the attempt started"
    question.save()
    question.answers.update(content="Rewritten option")
    html = main_html(signed_in.get(question_url(attempt, 1)))
    assert asked_text in html
    assert "Rewritten" not in html
    answer(signed_in, attempt, 1)
    signed_in.post(finish_url(attempt))
    html = main_html(signed_in.get(result_url(attempt)))
    assert asked_text in html
    assert "Rewritten" not in html


def test_the_result_survives_the_quiz_being_deleted(signed_in, quiz):
    attempt = start(signed_in, quiz)
    answer(signed_in, attempt, 1)
    signed_in.post(finish_url(attempt))
    quiz.questions.clear()
    quiz.delete()
    html = main_html(signed_in.get(result_url(attempt)))
    assert "Custody of foreign nationals" in html
    assert "Back to the quiz" not in html


# Back to the module


MODULE = "/courses/custody/module-1/"


def test_the_next_address_is_carried_from_the_start_page_to_the_result(signed_in, quiz):
    html = main_html(signed_in.get(start_url(quiz, MODULE)))
    assert f'<a href="{MODULE}">Back to the module</a>' in html
    response = signed_in.post(start_url(quiz, MODULE))
    attempt = Attempt.objects.get()
    query = "?next=%2Fcourses%2Fcustody%2Fmodule-1%2F"
    assert response.url == attempt_url(attempt) + query
    response = signed_in.get(response.url)
    assert response.url == question_url(attempt, 1) + query
    html = main_html(signed_in.get(response.url))
    assert f'action="{question_url(attempt, 1)}{query}"' in html
    response = signed_in.post(
        question_url(attempt, 1) + query, answer_data(asked(attempt, 1), correct=True)
    )
    assert response.url == question_url(attempt, 1) + query
    response = signed_in.post(finish_url(attempt) + query)
    assert response.url == result_url(attempt) + query
    html = main_html(signed_in.get(response.url))
    assert f'<a href="{MODULE}">Back to the module</a>' in html


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/phish", "//evil.example/phish", "javascript:alert(1)"],
)
def test_a_next_address_elsewhere_is_ignored(signed_in, quiz, next_url):
    response = signed_in.get(start_url(quiz), {"next": next_url})
    html = main_html(response)
    assert "Back to the module" not in html
    assert "evil.example" not in html
    assert "javascript" not in html
    response = signed_in.post(f"{start_url(quiz)}?next={next_url}")
    assert "next" not in response.url


def test_the_module_quiz_block_links_to_the_quiz_and_back(client, officer, quiz):
    course = build_course(modules=1)
    module = ModulePage.objects.child_of(course).get()
    add_quiz_to_module(module, quiz)
    course_services.enrol(officer, course, source=Enrolment.Source.SELF)
    client.force_login(officer)
    module.refresh_from_db()
    response = client.get(module.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{start_url(quiz)}?next={module.url}"' in html
    assert "Pass mark: 75%" in html


def test_once_essays_are_marked_the_result_shows_the_mark_and_comment(signed_in, marker):
    quiz = QuizFactory(pass_mark=50, success_text="Passed: well explained.")
    essay(quiz, content="Describe how you inform an arrested person.")
    attempt = start(signed_in, quiz)
    answer(signed_in, attempt, 1)
    signed_in.post(finish_url(attempt))
    services.mark_essay(
        AttemptAnswer.objects.get(), marker, 1, "Clear and complete: you named the consulate."
    )
    html = main_html(signed_in.get(result_url(attempt)))
    assert "Passed" in html
    assert "Awaiting marking" not in html
    assert "Score: 1 of 1." in html
    assert "Clear and complete: you named the consulate." in html
    assert "Passed: well explained." in html
