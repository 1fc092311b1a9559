"""Helpers for the officer's quiz pages: addresses, answers as a browser posts them, the HTML."""

import re
from html.parser import HTMLParser

from django.urls import reverse

from quizzes.models import Attempt


def start_url(quiz, next_url=None):
    url = reverse("quizzes:start", args=[quiz.slug])
    return f"{url}?next={next_url}" if next_url else url


def attempt_url(attempt):
    return reverse("quizzes:attempt", args=[attempt.pk])


def question_url(attempt, number):
    return reverse("quizzes:question", args=[attempt.pk, number])


def finish_url(attempt):
    return reverse("quizzes:finish", args=[attempt.pk])


def result_url(attempt):
    return reverse("quizzes:result", args=[attempt.pk])


def start(client, quiz):
    """Start an attempt as the logged-in user, through the start page's POST."""
    response = client.post(start_url(quiz))
    assert response.status_code == 302, response.content.decode()
    return Attempt.objects.filter(quiz=quiz).latest("pk")


def asked(attempt, number):
    """The snapshot of question ``number`` (1-based) as asked in the attempt."""
    return attempt.question_snapshot(attempt.question_order[number - 1])


def field(question_id):
    return f"q{question_id}-answer"


def answer_data(question, *, correct=True, text="I would tell them at once."):
    """The POST data a browser sends for one question, right or wrong."""
    name = field(question["id"])
    data = {"question": str(question["id"])}
    if question["kind"] == "true_false":
        value = question["true_false_answer"] if correct else not question["true_false_answer"]
        data[name] = "true" if value else "false"
    elif question["kind"] == "essay":
        data[name] = text
    else:
        right = [a["id"] for a in question["answers"] if a["correct"]]
        wrong = [a["id"] for a in question["answers"] if not a["correct"]]
        data[name] = [str(pk) for pk in (right if correct else wrong[:1])]
    return data


def answer(client, attempt, number, *, correct=True, **kwargs):
    """Answer question ``number`` on its own page, as the one-question-per-page form does."""
    return client.post(
        question_url(attempt, number),
        answer_data(asked(attempt, number), correct=correct),
        **kwargs,
    )


def main_html(response):
    """The page's <main> element: what the quiz pages put on the page."""
    html = response.content.decode()
    match = re.search(r"<main\b.*</main>", html, re.S)
    assert match, html
    return match.group(0)


class Markup(HTMLParser):
    """The tags of a page, with their attributes, for accessibility and CSP checks."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def find(self, tag, **attrs):
        return [
            found
            for name, found in self.tags
            if name == tag and all(found.get(key) == value for key, value in attrs.items())
        ]

    @property
    def ids(self):
        return {attrs["id"] for _tag, attrs in self.tags if "id" in attrs}
