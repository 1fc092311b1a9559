"""The quiz pages are plain, accessible HTML: no JavaScript, labelled fields, linked errors.

No inline script or event handler anywhere (a strict Content Security Policy will come); every
question is a fieldset with a legend; every input has a label; every ``aria-describedby``
points at an element on the page; and figures carry alternative text.
"""

import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from .factories import QuizFactory, essay, multiple_choice, true_false
from .view_helpers import (
    Markup,
    answer,
    asked,
    attempt_url,
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
    quiz = QuizFactory(title="Markup", time_limit_minutes=15)
    multiple_choice(quiz, content="One right answer")
    multiple_choice(quiz, content="Two right answers", correct=("A", "B"), wrong=("C",))
    true_false(quiz, answer=True)
    essay(quiz)
    return quiz


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer)
    return client


def every_page(client, quiz):
    """The HTML of every page an officer meets, including a page with refused answers."""
    pages = {"start": client.get(start_url(quiz))}
    attempt = start(client, quiz)
    for number in range(1, 5):
        pages[f"question {number}"] = client.get(question_url(attempt, number))
    pages["refused"] = client.post(question_url(attempt, 2), {"question": asked(attempt, 2)["id"]})
    pages["refused essay"] = client.post(
        question_url(attempt, 4), {"question": asked(attempt, 4)["id"]}
    )
    answer(client, attempt, 1)
    pages["feedback"] = client.get(question_url(attempt, 1))
    pages["finish"] = client.get(finish_url(attempt))
    client.post(finish_url(attempt))
    pages["result"] = client.get(result_url(attempt))

    quiz.one_question_per_page = False
    quiz.save()
    attempt = start(client, quiz)
    pages["one page"] = client.get(attempt_url(attempt))
    pages["one page refused"] = client.post(
        attempt_url(attempt), {"question": [str(pk) for pk in attempt.question_order]}
    )
    for name, response in pages.items():
        assert response.status_code == 200, name
    return {name: response.content.decode() for name, response in pages.items()}


def test_no_page_has_inline_scripts_handlers_or_styles(signed_in, quiz):
    for name, html in every_page(signed_in, quiz).items():
        markup = Markup(html)
        assert not markup.find("script"), name
        for tag, attrs in markup.tags:
            assert not [key for key in attrs if key.startswith("on")], (name, tag, attrs)
            assert "style" not in attrs, (name, tag, attrs)
            assert not (attrs.get("href") or "").startswith("javascript:"), name


def test_every_input_has_a_label_and_ids_are_unique(signed_in, quiz):
    for name, html in every_page(signed_in, quiz).items():
        markup = Markup(html)
        labelled = {attrs.get("for") for attrs in markup.find("label")}
        for tag in ("input", "textarea", "select"):
            for attrs in markup.find(tag):
                if attrs.get("type") in ("hidden", "submit"):
                    continue
                assert attrs.get("id") in labelled, (name, attrs)
        ids = Counter(attrs["id"] for _tag, attrs in markup.tags if "id" in attrs)
        assert [i for i, count in ids.items() if count > 1] == [], name


def test_every_described_by_points_at_the_page(signed_in, quiz):
    for name, html in every_page(signed_in, quiz).items():
        markup = Markup(html)
        for _tag, attrs in markup.tags:
            for target in (attrs.get("aria-describedby") or "").split():
                assert target in markup.ids, (name, target)
            if "aria-labelledby" in attrs:
                assert attrs["aria-labelledby"] in markup.ids, name


def test_every_question_is_a_fieldset_with_a_legend(signed_in, quiz):
    pages = every_page(signed_in, quiz)
    for name in ("question 1", "question 2", "question 3", "question 4", "one page"):
        html = main_html_of(pages[name])
        fieldsets = re.findall(r"<fieldset\b[^>]*>\s*<legend\b", html)
        assert fieldsets and len(fieldsets) == html.count("<fieldset"), name
    assert main_html_of(pages["one page"]).count("<legend") == 4


def test_errors_are_linked_to_their_question(signed_in, quiz):
    pages = every_page(signed_in, quiz)
    markup = Markup(pages["refused"])
    (fieldset,) = markup.find("fieldset")
    described = fieldset["aria-describedby"].split()
    assert any(target.endswith("-error") for target in described)
    assert any(target.endswith("-hint") for target in described)  # "Select all that apply."
    summary_links = [
        attrs["href"] for attrs in markup.find("a") if attrs.get("href", "")[:3] == "#id"
    ]
    assert summary_links and all(link[1:] in markup.ids for link in summary_links)

    markup = Markup(pages["refused essay"])
    (textarea,) = markup.find("textarea")
    assert textarea["aria-invalid"] == "true"
    assert any(target.endswith("-error") for target in textarea["aria-describedby"].split())


def test_the_pages_say_where_the_officer_is_and_how_long_is_left(signed_in, quiz):
    pages = every_page(signed_in, quiz)
    assert "Question 3 of 4" in pages["question 3"]
    assert "Time remaining: 14\xa0minutes" in pages["question 3"]
    assert "Time remaining" in pages["one page"]
    assert "Time remaining" not in pages["result"]


def main_html_of(html):
    return html[html.index("<main") : html.index("</main>")]


# Figures


def make_figure(title="Custody record form"):
    return get_image_model().objects.create(
        title=title,
        description="A custody record with the consulate box ticked",
        file=get_test_image_file(),
    )


@pytest.fixture
def figure(db):
    return make_figure()


def test_a_question_figure_is_shown_with_its_alternative_text(signed_in, figure):
    quiz = QuizFactory()
    multiple_choice(quiz, content="What does the form show?", figure=figure)
    attempt = start(signed_in, quiz)
    html = main_html(signed_in.get(question_url(attempt, 1)))
    (image,) = Markup(html).find("img")
    assert image["alt"] == "A custody record with the consulate box ticked"


def test_figures_on_one_page_take_constant_queries(signed_in):
    counts = []
    for size in (1, 5):
        quiz = QuizFactory(title=f"Figures {size}", one_question_per_page=False)
        for number in range(size):
            multiple_choice(quiz, figure=make_figure(f"Figure {size}.{number}"))
        attempt = start(signed_in, quiz)
        signed_in.get(attempt_url(attempt))  # renditions are made on the first view
        with CaptureQueriesContext(connection) as queries:
            signed_in.get(attempt_url(attempt))
        counts.append(len(queries))
        assert len(Markup(main_html(signed_in.get(attempt_url(attempt)))).find("img")) == size
    assert counts[0] == counts[1]
