"""An attempt as the officer's pages show it, built from the attempt's snapshot only.

Nothing here judges an answer: ``services.submit_answer`` does, and its messages are shown as
they come. What this module decides is what a page may show, and it keeps one promise: a
question that has not been answered is handed to templates as a *public* copy with no
correct flag, no true/false answer, no explanation and no citation, so no template can leak
which answer is correct, however it is written.
"""

from dataclasses import dataclass, field

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import scoring
from .services import ESSAY_MAX_LENGTH

#: The keys of a question snapshot that may be shown before the question is answered
#: (``content_lang`` is set on a snapshot shown in another language, see ``localization``).
PUBLIC_KEYS = ("id", "kind", "content", "content_lang", "figure_id")

#: The service's rejection codes that concern one question's answer (shown beside it);
#: every other code concerns the whole attempt and is shown at the top of the page.
QUESTION_ERROR_CODES = frozenset(
    {"no_answer", "foreign_answer", "too_long", "invalid_text", "already_answered"}
)

#: Codes after which submitting the page's other answers is pointless.
ATTEMPT_ERROR_CODES = frozenset({"not_owner", "closed", "time_up"})


def public_question(question):
    """What may be shown of a question before it is answered.

    ``multiple`` says whether several options are correct (checkboxes, "Select all that
    apply") without saying which.
    """
    public = {key: question.get(key) for key in PUBLIC_KEYS}
    public["options"] = [
        {"id": answer["id"], "content": answer["content"], "lang": answer.get("lang", "")}
        for answer in question.get("answers", ())
    ]
    public["multiple"] = len(scoring.correct_answer_ids(question)) > 1
    return public


def accepts_answers(attempt, now):
    return attempt.is_open and not attempt.is_past_deadline(now)


def feedback_after_each_question(attempt):
    """False when the quiz says "answers at end": nothing is revealed until it is handed in."""
    return not attempt.snapshot.get("quiz", {}).get("answers_at_end", False)


def one_question_per_page(attempt):
    return attempt.snapshot.get("quiz", {}).get("one_question_per_page", True)


# Forms


class OpenChoiceField(forms.ChoiceField):
    """Offers the question's options but leaves judging the submitted value to the service."""

    def valid_value(self, value):
        return True


class OpenMultipleChoiceField(forms.MultipleChoiceField):
    def valid_value(self, value):
        return True


class AnswerForm(forms.Form):
    """One question's answer field, built from its public copy by kind (as Wagtail's FormBuilder).

    The form reads and renders; it rejects nothing. ``payload()`` is what
    ``services.submit_answer`` expects, and the service's rejections are added back to the
    form with ``add_error`` so they are shown beside the question.
    """

    def __init__(self, question, *args, **kwargs):
        kwargs.setdefault("prefix", f"q{question['id']}")
        super().__init__(*args, **kwargs)
        self.question = question
        self.fields["answer"] = getattr(self, f"create_{question['kind']}_field")(question)

    def create_multiple_choice_field(self, question):
        choices = [(option["id"], option_label(option)) for option in question["options"]]
        if question["multiple"]:
            return OpenMultipleChoiceField(
                choices=choices, required=False, widget=forms.CheckboxSelectMultiple
            )
        return OpenChoiceField(choices=choices, required=False, widget=forms.RadioSelect)

    def create_true_false_field(self, question):
        return OpenChoiceField(
            choices=[("true", _("True")), ("false", _("False"))],
            required=False,
            widget=forms.RadioSelect,
        )

    def create_essay_field(self, question):
        return forms.CharField(required=False, strip=False, widget=forms.Textarea)

    @property
    def kind(self):
        return self.question["kind"]

    @property
    def is_choice(self):
        return self.kind != scoring.ESSAY

    @property
    def max_length(self):
        return ESSAY_MAX_LENGTH

    @property
    def hint_id(self):
        return f"{self['answer'].auto_id}-hint"

    @property
    def error_id(self):
        return f"{self['answer'].auto_id}-error"

    @property
    def has_hint(self):
        return self.kind == scoring.ESSAY or self.question["multiple"]

    @property
    def describedby(self):
        """The ids of the hint and the error, for ``aria-describedby``."""
        ids = [self.hint_id] if self.has_hint else []
        if self.errors.get("answer"):
            ids.append(self.error_id)
        return " ".join(ids)

    @property
    def anchor_id(self):
        """The id of the first input, for links from the error summary."""
        bound = self["answer"]
        return f"{bound.auto_id}_0" if self.is_choice else bound.auto_id

    def raw_value(self):
        value = self["answer"].data
        if self.kind == scoring.ESSAY:
            # Browsers send CRLF; count a line break as the one character the officer typed.
            return (value or "").replace("\r\n", "\n")
        return value

    def is_blank(self):
        value = self.raw_value()
        return not value or (isinstance(value, str) and not value.strip())

    def payload(self):
        value = self.raw_value()
        if self.kind == scoring.MULTIPLE_CHOICE:
            return {"answer_ids": value}
        if self.kind == scoring.TRUE_FALSE:
            return {"answer": value}
        return {"text": value}


# What a page shows of each question


def option_label(option):
    """An option's text, marked with its language when it is not the page's."""
    if option.get("lang"):
        return format_html('<span lang="{}">{}</span>', option["lang"], option["content"])
    return option["content"]


@dataclass
class Option:
    id: int
    content: str
    chosen: bool = False
    correct: bool = False
    lang: str = ""


@dataclass
class Feedback:
    """A question with its answer revealed: shown only once the question has been answered."""

    kind: str
    answered: bool
    is_correct: bool | None
    awaiting_marking: bool
    explanation: str
    citation: str
    options: list = field(default_factory=list)
    explanation_lang: str = ""
    citation_lang: str = ""
    true_false_answer: bool | None = None
    chosen_boolean: bool | None = None
    essay_text: str = ""
    awarded_score: object = None
    points: object = None
    marker_comment: str = ""
    marked: bool = False


@dataclass
class Recorded:
    """The officer's own answer, without saying whether it is right ("answers at end")."""

    kind: str
    options: list = field(default_factory=list)
    chosen_boolean: bool | None = None
    essay_text: str = ""


@dataclass
class QuestionItem:
    number: int
    total: int
    question: dict  # the public copy: never the snapshot itself
    answered: bool
    form: AnswerForm | None = None
    feedback: Feedback | None = None
    recorded: Recorded | None = None
    figure: object = None

    @property
    def anchor(self):
        return f"question-{self.question['id']}"


def citation(question):
    return question.get("citation") or ", ".join(
        part for part in (question.get("cites_instrument"), question.get("cites_article")) if part
    )


def feedback(question, answer):
    chosen = set(answer.selected_answer_ids) if answer is not None else set()
    kind = question["kind"]
    return Feedback(
        kind=kind,
        answered=answer is not None,
        is_correct=answer.is_correct if answer is not None else False,
        awaiting_marking=answer is not None and answer.awaiting_marking,
        explanation=question.get("explanation", ""),
        explanation_lang=question.get("explanation_lang", ""),
        citation_lang=question.get("citation_lang", ""),
        citation=citation(question),
        options=[
            Option(
                a["id"],
                a["content"],
                chosen=a["id"] in chosen,
                correct=bool(a["correct"]),
                lang=a.get("lang", ""),
            )
            for a in question.get("answers", ())
        ],
        true_false_answer=question.get("true_false_answer"),
        chosen_boolean=answer.boolean_answer if answer is not None else None,
        essay_text=answer.essay_text if answer is not None else "",
        awarded_score=answer.awarded_score if answer is not None else None,
        points=scoring.points(question),
        marker_comment=answer.marker_comment if answer is not None else "",
        marked=answer is not None and answer.marked_at is not None,
    )


def recorded(public, answer):
    chosen = set(answer.selected_answer_ids)
    return Recorded(
        kind=public["kind"],
        options=[
            Option(option["id"], option["content"], chosen=True, lang=option["lang"])
            for option in public["options"]
            if option["id"] in chosen
        ],
        chosen_boolean=answer.boolean_answer,
        essay_text=answer.essay_text,
    )


def question_items(attempt, answers, *, now, data=None, numbers=None, figures=None, texts=None):
    """One ``QuestionItem`` per question of the attempt, in the order they were asked.

    ``texts`` (``localization.Texts``) shows each question in the reader's language; the
    options keep the ids of the attempt's snapshot, so what is submitted is the same in every
    language.

    ``answers`` maps question ids to the ``AttemptAnswer`` given; ``data`` binds the forms of
    unanswered questions (to show what the officer sent back with the service's messages);
    ``numbers`` limits the items to those question numbers (1-based). Correct answers and
    explanations are revealed for an answered question when the quiz gives feedback after each
    question, and for every question once the attempt is handed in.
    """
    questions = attempt.questions_as_asked()
    total = len(questions)
    handed_in = not attempt.is_open
    reveal_answered = handed_in or feedback_after_each_question(attempt)
    open_for_answers = accepts_answers(attempt, now)
    figures = figures or {}
    items = []
    for number, question in enumerate(questions, start=1):
        if numbers is not None and number not in numbers:
            continue
        answer = answers.get(question["id"])
        if texts is not None:
            question = texts.question(question)
        public = public_question(question)
        item = QuestionItem(
            number=number,
            total=total,
            question=public,
            answered=answer is not None,
            figure=figures.get(public["figure_id"]),
        )
        if (answer is not None and reveal_answered) or handed_in:
            item.feedback = feedback(question, answer)
        elif answer is not None:
            item.recorded = recorded(public, answer)
        elif open_for_answers:
            item.form = AnswerForm(public, data=data)
        items.append(item)
    return items


def figure_ids(attempt, numbers=None):
    ids = set()
    for number, question in enumerate(attempt.questions_as_asked(), start=1):
        if (numbers is None or number in numbers) and question.get("figure_id"):
            ids.add(question["figure_id"])
    return ids
