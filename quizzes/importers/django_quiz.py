"""Import a django-quiz-app ``dumpdata`` export: its apps quiz, multichoice, true_false, essay.

The import runs in two passes. The first reads and checks the whole file and writes nothing:
every problem found (bad JSON, a missing or mistyped field, a reference to a record that is not
in the file) is collected with the record it is in, and any problem stops the import. The
second pass writes everything in one transaction.

Records are matched to what the site already has, so running an import twice never duplicates:
categories by name, sub-categories by name and category, quizzes by their ``url`` (our slug),
and questions, answers, sittings and progress by a source key kept on the imported row
(``django-quiz-app:question:12``). Rows already present are left as they are.

Sittings and progress are mapped to this site's users by username, read from the ``auth.user``
records in the same file; records of users who are not in the file or not on this site are
skipped with the reason. So are records of unknown models, questions in no quiz, questions
with no type record, and unfinished sittings.
"""

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.db.models import Max
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ..localization import in_default_locale, source_question_queryset, source_quiz_queryset
from ..models import (
    Answer,
    Attempt,
    AttemptAnswer,
    Category,
    CategoryProgress,
    Question,
    Quiz,
    SubCategory,
)
from ..snapshots import question_snapshot, quiz_snapshot

DEFAULT_SOURCE = "django-quiz-app"

MC_QUESTION = "multichoice.mcquestion"
TF_QUESTION = "true_false.tf_question"
ESSAY_QUESTION = "essay.essay_question"

#: The question kind each django-quiz-app question type becomes.
TYPE_KINDS = {
    MC_QUESTION: Question.Kind.MULTIPLE_CHOICE,
    TF_QUESTION: Question.Kind.TRUE_FALSE,
    ESSAY_QUESTION: Question.Kind.ESSAY,
}

ANSWER_ORDERS = {
    "content": Question.AnswerOrder.CONTENT,
    "random": Question.AnswerOrder.RANDOM,
    "none": Question.AnswerOrder.NONE,
    "": Question.AnswerOrder.NONE,
    None: Question.AnswerOrder.NONE,
}


def _is_text(value):
    return isinstance(value, str)


def _is_optional_text(value):
    return value is None or isinstance(value, str)


def _is_boolean(value):
    return isinstance(value, bool)


def _is_integer(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _is_optional_integer(value):
    return value is None or _is_integer(value)


def _is_integer_list(value):
    return isinstance(value, list) and all(_is_integer(item) for item in value)


def _is_datetime(value):
    return isinstance(value, str) and parse_datetime(value) is not None


def _is_optional_datetime(value):
    return value is None or _is_datetime(value)


#: Type checks with the words used to name the expected type in messages.
TYPES = {
    "text": (_is_text, gettext_noop("text")),
    "text?": (_is_optional_text, gettext_noop("text or null")),
    "bool": (_is_boolean, gettext_noop("true or false")),
    "int": (_is_integer, gettext_noop("an integer")),
    "int?": (_is_optional_integer, gettext_noop("an integer or null")),
    "int[]": (_is_integer_list, gettext_noop("a list of integers")),
    "datetime": (_is_datetime, gettext_noop("a date and time")),
    "datetime?": (_is_optional_datetime, gettext_noop("a date and time, or null")),
}

#: The fields this importer reads from each model it knows, with their types.
FIELDS = {
    "auth.user": {"username": "text"},
    "quiz.category": {"category": "text"},
    "quiz.subcategory": {"sub_category": "text", "category": "int?"},
    "quiz.quiz": {
        "title": "text",
        "description": "text",
        "url": "text",
        "category": "int?",
        "random_order": "bool",
        "max_questions": "int?",
        "answers_at_end": "bool",
        "exam_paper": "bool",
        "single_attempt": "bool",
        "pass_mark": "int",
        "success_text": "text",
        "fail_text": "text",
        "draft": "bool",
    },
    "quiz.question": {
        "quiz": "int[]",
        "category": "int?",
        "sub_category": "int?",
        "figure": "text?",
        "content": "text",
        "explanation": "text",
    },
    MC_QUESTION: {"answer_order": "text?"},
    TF_QUESTION: {"correct": "bool"},
    ESSAY_QUESTION: {},
    "multichoice.answer": {"question": "int", "content": "text", "correct": "bool"},
    "quiz.sitting": {
        "user": "int",
        "quiz": "int",
        "question_order": "text",
        "incorrect_questions": "text",
        "current_score": "int",
        "complete": "bool",
        "user_answers": "text",
        "start": "datetime",
        "end": "datetime?",
    },
    "quiz.progress": {"user": "int", "score": "text"},
}


class ImportFileError(Exception):
    """The file cannot be imported; ``problems`` says exactly why, one sentence each."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass
class Summary:
    """What an import did: created and already-present counts per kind, and what it skipped."""

    created: Counter = field(default_factory=Counter)
    present: Counter = field(default_factory=Counter)
    question_kinds: Counter = field(default_factory=Counter)
    users_in_file: int = 0
    users_matched: int = 0
    skipped: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    #: Row kinds in the order the summary lists them, with their labels.
    KINDS = (
        ("category", gettext_noop("categories")),
        ("subcategory", gettext_noop("sub-categories")),
        ("quiz", gettext_noop("quizzes")),
        ("question", gettext_noop("questions")),
        ("answer", gettext_noop("answers")),
        ("attempt", gettext_noop("attempts (sittings)")),
        ("progress", gettext_noop("category progress")),
    )

    def lines(self):
        lines = []
        for kind, label in self.KINDS:
            line = _("  %(label)s: %(created)d created, %(present)d already present") % {
                "label": _(label),
                "created": self.created[kind],
                "present": self.present[kind],
            }
            if kind == "question" and self.question_kinds:
                kinds = ", ".join(
                    f"{count} {Question.Kind(kind).label.lower()}"
                    for kind, count in sorted(self.question_kinds.items())
                )
                line += f" ({kinds})"
            lines.append(line)
        lines.append(
            _("  users: %(in_file)d in the file, %(matched)d matched to users of this site")
            % {"in_file": self.users_in_file, "matched": self.users_matched}
        )
        lines.append(_("Skipped: %(count)d") % {"count": len(self.skipped)})
        lines.extend(f"  - {reason}" for reason in self.skipped)
        if self.notes:
            lines.append(_("Notes:"))
            lines.extend(f"  - {note}" for note in self.notes)
        return lines


def _id_list(text):
    """django-quiz-app's "1,2,4," lists; None if a token is not an integer."""
    tokens = [token.strip() for token in text.split(",") if token.strip()]
    try:
        return [int(token) for token in tokens]
    except ValueError:
        return None


def _legacy_percent(score, total):
    """django-quiz-app's own percentage: rounded to a whole number, at most 100."""
    if total < 1:
        return Decimal(0)
    value = (Decimal(score) * 100 / Decimal(total)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return min(value, Decimal(100))


class _KeepOrder:
    """Snapshots of imported sittings keep the answers in their stored order."""

    def shuffle(self, items):
        pass


class DjangoQuizImporter:
    def __init__(self, records, *, source=DEFAULT_SOURCE, report=None):
        self.records = records
        self.source = source
        self.report = report or (lambda message: None)
        self.problems = []
        self.summary = Summary()
        self.by_model = defaultdict(dict)  # model label -> {pk: fields}
        self.unknown = Counter()

    # Pass 1: read and check, writing nothing

    def problem(self, where, message, **params):
        self.problems.append(f"{where}: {message % params if params else message}")

    def check(self):
        if not isinstance(self.records, list):
            raise ImportFileError(
                [_("The file must hold a JSON list of records, as dumpdata writes it.")]
            )
        for index, record in enumerate(self.records, start=1):
            self._read_record(index, record)
        if not self.problems:
            self._check_references()
        if self.problems:
            raise ImportFileError(self.problems)
        for model, count in sorted(self.unknown.items()):
            self.summary.skipped.append(
                _("%(count)d %(model)s record(s): not part of django-quiz-app's data.")
                % {"count": count, "model": model}
            )
        self.report(_("Checked %(count)d records.") % {"count": len(self.records)})

    def _read_record(self, index, record):
        where = _("Record %(index)d") % {"index": index}
        if not isinstance(record, dict) or not isinstance(record.get("model"), str):
            self.problem(where, _("it is not an object with a “model”."))
            return
        model = record["model"].lower()
        pk = record.get("pk")
        where = _("Record %(index)d (%(model)s pk %(pk)s)") % {
            "index": index,
            "model": model,
            "pk": pk,
        }
        if model not in FIELDS:
            self.unknown[model] += 1
            return
        fields = record.get("fields")
        if not _is_integer(pk):
            self.problem(where, _("its “pk” must be an integer."))
            return
        if not isinstance(fields, dict):
            self.problem(where, _("it has no “fields” object."))
            return
        valid = True
        for name, type_name in FIELDS[model].items():
            is_valid, expected = TYPES[type_name]
            if name not in fields:
                self.problem(where, _("the field “%(field)s” is missing."), field=name)
                valid = False
            elif not is_valid(fields[name]):
                self.problem(
                    where,
                    _("the field “%(field)s” must be %(expected)s, not %(value)s."),
                    field=name,
                    expected=_(expected),
                    value=json.dumps(fields[name], ensure_ascii=False)[:80],
                )
                valid = False
        if pk in self.by_model[model]:
            self.problem(where, _("another %(model)s record has the same pk."), model=model)
            valid = False
        if valid:
            self.by_model[model][pk] = dict(fields, _where=where)

    def _check_references(self):
        categories = self.by_model["quiz.category"]
        sub_categories = self.by_model["quiz.subcategory"]
        quizzes = self.by_model["quiz.quiz"]
        questions = self.by_model["quiz.question"]
        answers = self.by_model["multichoice.answer"]

        def refer(fields, name, targets, target_label):
            value = fields[name]
            if value is not None and value not in targets:
                self.problem(
                    fields["_where"],
                    _("“%(field)s” refers to %(target)s pk %(pk)s, which is not in the file."),
                    field=name,
                    target=target_label,
                    pk=value,
                )

        names = Counter(fields["category"] for fields in categories.values())
        for fields in categories.values():
            if not fields["category"].strip():
                self.problem(fields["_where"], _("the category has no name."))
            elif names[fields["category"]] > 1:
                self.problem(fields["_where"], _("another category has the same name."))
        for fields in sub_categories.values():
            refer(fields, "category", categories, "quiz.category")
        slugs = Counter(fields["url"] for fields in quizzes.values())
        for fields in quizzes.values():
            refer(fields, "category", categories, "quiz.category")
            try:
                validate_slug(fields["url"])
            except ValidationError:
                self.problem(fields["_where"], _("its “url” is not a valid slug."))
            if slugs[fields["url"]] > 1:
                self.problem(fields["_where"], _("another quiz has the same “url”."))
            if not 0 <= fields["pass_mark"] <= 100:
                self.problem(fields["_where"], _("its “pass_mark” is not between 0 and 100."))
            if not fields["title"].strip():
                self.problem(fields["_where"], _("the quiz has no title."))

        self.kinds = {}  # question pk -> (kind, type fields)
        for model, kind in TYPE_KINDS.items():
            for pk, fields in self.by_model[model].items():
                if pk not in questions:
                    self.problem(
                        fields["_where"],
                        _("there is no quiz.question record with pk %(pk)s for it to extend."),
                        pk=pk,
                    )
                elif pk in self.kinds:
                    self.problem(
                        fields["_where"],
                        _("question %(pk)s already has a type (%(kind)s)."),
                        pk=pk,
                        kind=self.kinds[pk][0],
                    )
                else:
                    self.kinds[pk] = (kind, fields)
                    if model == MC_QUESTION and fields["answer_order"] not in ANSWER_ORDERS:
                        self.problem(
                            fields["_where"],
                            _("“answer_order” must be content, random, none or null."),
                        )
        for fields in questions.values():
            refer(fields, "category", categories, "quiz.category")
            refer(fields, "sub_category", sub_categories, "quiz.subcategory")
            for quiz_pk in fields["quiz"]:
                if quiz_pk not in quizzes:
                    self.problem(
                        fields["_where"],
                        _("“quiz” refers to quiz.quiz pk %(pk)s, which is not in the file."),
                        pk=quiz_pk,
                    )
        self.answers_by_question = defaultdict(list)
        for pk, fields in sorted(answers.items()):
            question_pk = fields["question"]
            if self.kinds.get(question_pk, (None,))[0] != Question.Kind.MULTIPLE_CHOICE:
                self.problem(
                    fields["_where"],
                    _("“question” refers to %(pk)s, which is not a multiple-choice question."),
                    pk=question_pk,
                )
            else:
                self.answers_by_question[question_pk].append((pk, fields))

        for fields in self.by_model["quiz.sitting"].values():
            self._check_sitting(fields)
        for fields in self.by_model["quiz.progress"].values():
            triples = self._progress_triples(fields["score"])
            if triples is None:
                self.problem(
                    fields["_where"],
                    _("“score” must be “category,score,possible,” triples."),
                )

    def _check_sitting(self, fields):
        where = fields["_where"]
        if fields["quiz"] not in self.by_model["quiz.quiz"]:
            self.problem(
                where,
                _("“quiz” refers to quiz.quiz pk %(pk)s, which is not in the file."),
                pk=fields["quiz"],
            )
        order = _id_list(fields["question_order"])
        incorrect = _id_list(fields["incorrect_questions"])
        if order is None or incorrect is None:
            self.problem(where, _("its question lists must be comma-separated integers."))
            return
        for question_pk in order:
            if question_pk not in self.by_model["quiz.question"]:
                self.problem(
                    where,
                    _("it asked question %(pk)s, which is not in the file."),
                    pk=question_pk,
                )
        try:
            given = json.loads(fields["user_answers"] or "{}")
        except json.JSONDecodeError:
            given = None
        if not isinstance(given, dict):
            self.problem(where, _("“user_answers” must hold a JSON object."))
            return
        parsed = {}
        for key, value in given.items():
            try:
                question_pk = int(key)
            except ValueError:
                question_pk = None
            if question_pk not in order:
                self.problem(
                    where,
                    _("“user_answers” answers question %(key)s, which the sitting did not ask."),
                    key=key,
                )
                continue
            kind = self.kinds.get(question_pk, (None,))[0]
            if kind == Question.Kind.MULTIPLE_CHOICE:
                answer_pk = int(value) if str(value).isdigit() else None
                if answer_pk not in self.by_model["multichoice.answer"]:
                    self.problem(
                        where,
                        _(
                            "the answer to question %(question)s refers to answer %(value)s, "
                            "which is not in the file."
                        ),
                        question=question_pk,
                        value=value,
                    )
                    continue
                value = answer_pk
            elif kind == Question.Kind.TRUE_FALSE:
                if str(value) not in ("True", "False"):
                    self.problem(
                        where,
                        _("the answer to question %(question)s must be True or False."),
                        question=question_pk,
                    )
                    continue
                value = str(value) == "True"
            else:
                value = str(value)
            parsed[question_pk] = value
        fields["_order"] = order
        fields["_incorrect"] = set(incorrect)
        fields["_answers"] = parsed

    @staticmethod
    def _progress_triples(text):
        tokens = text.split(",")
        if tokens and tokens[-1] == "":
            tokens = tokens[:-1]
        if len(tokens) % 3:
            return None
        triples = []
        for start in range(0, len(tokens), 3):
            name, score, possible = tokens[start : start + 3]
            try:
                triples.append((name, int(score), int(possible)))
            except ValueError:
                return None
        return triples

    # Pass 2: write, in one transaction

    def key(self, kind, pk):
        return f"{self.source}:{kind}:{pk}"

    def run(self):
        self.check()
        with transaction.atomic():
            self._map_users()
            self._import_categories()
            self._import_quizzes()
            self._import_questions()
            self._import_sittings()
            self._import_progress()
        return self.summary

    def _map_users(self):
        file_users = self.by_model["auth.user"]
        User = get_user_model()
        by_username = {
            user.get_username(): user
            for user in User._default_manager.filter(
                **{f"{User.USERNAME_FIELD}__in": [f["username"] for f in file_users.values()]}
            )
        }
        self.users = {}
        for pk, fields in file_users.items():
            if fields["username"] in by_username:
                self.users[pk] = by_username[fields["username"]]
        self.summary.users_in_file = len(file_users)
        self.summary.users_matched = len(self.users)

    def _user_for(self, fields, what):
        """The site's user for a record, or None after noting why the record is skipped."""
        user_pk = fields["user"]
        if user_pk not in self.by_model["auth.user"]:
            self.summary.skipped.append(
                _("%(what)s: its user (pk %(pk)s) is not among the file's auth.user records.")
                % {"what": what, "pk": user_pk}
            )
            return None
        if user_pk not in self.users:
            self.summary.skipped.append(
                _("%(what)s: no user of this site has the username “%(username)s”.")
                % {"what": what, "username": self.by_model["auth.user"][user_pk]["username"]}
            )
            return None
        return self.users[user_pk]

    def _count(self, kind, created):
        (self.summary.created if created else self.summary.present)[kind] += 1

    def _import_categories(self):
        self.categories = {}
        for pk, fields in sorted(self.by_model["quiz.category"].items()):
            category, created = Category.objects.get_or_create(name=fields["category"].strip())
            self.categories[pk] = category
            self._count("category", created)
        self.sub_categories = {}
        for pk, fields in sorted(self.by_model["quiz.subcategory"].items()):
            category = self.categories.get(fields["category"])
            name = fields["sub_category"].strip()
            sub_category = SubCategory.objects.filter(name=name, category=category).first()
            created = sub_category is None
            if created:
                sub_category = SubCategory.objects.create(name=name, category=category)
            self.sub_categories[pk] = sub_category
            self._count("subcategory", created)
        self.report(_("Imported categories."))

    def _import_quizzes(self):
        self.quizzes = {}
        for pk, fields in sorted(self.by_model["quiz.quiz"].items()):
            key = self.key("quiz", pk)
            quiz = (
                source_quiz_queryset().filter(source_key=key).first()
                or source_quiz_queryset().filter(slug=fields["url"]).first()
            )
            created = quiz is None
            if created:
                quiz = Quiz.objects.create(
                    title=fields["title"][:200],
                    description=fields["description"],
                    slug=fields["url"],
                    category=self.categories.get(fields["category"]),
                    random_order=fields["random_order"],
                    max_questions=fields["max_questions"] or None,
                    answers_at_end=fields["answers_at_end"],
                    exam_paper=fields["exam_paper"],
                    single_attempt=fields["single_attempt"],
                    pass_mark=fields["pass_mark"],
                    success_text=fields["success_text"],
                    fail_text=fields["fail_text"],
                    draft=fields["draft"],
                    source_key=key,
                )
            self.quizzes[pk] = quiz
            self._count("quiz", created)
        self.report(_("Imported %(count)d quizzes.") % {"count": len(self.quizzes)})

    def _import_questions(self):
        self.questions = {}
        self.answers = {}
        self.skipped_questions = set()
        for pk, fields in sorted(self.by_model["quiz.question"].items()):
            if not fields["quiz"]:
                self.skipped_questions.add(pk)
                self.summary.skipped.append(
                    _("Question %(pk)s (“%(content)s”): it is in no quiz.")
                    % {"pk": pk, "content": fields["content"][:60]}
                )
                continue
            if pk not in self.kinds:
                self.skipped_questions.add(pk)
                self.summary.skipped.append(
                    _(
                        "Question %(pk)s: it has no type record (multichoice.mcquestion, "
                        "true_false.tf_question or essay.essay_question)."
                    )
                    % {"pk": pk}
                )
                continue
            kind, type_fields = self.kinds[pk]
            question = (
                source_question_queryset().filter(source_key=self.key("question", pk)).first()
            )
            created = question is None
            if created:
                question = Question.objects.create(
                    kind=kind,
                    content=fields["content"],
                    explanation=fields["explanation"],
                    category=self.categories.get(fields["category"]),
                    sub_category=self.sub_categories.get(fields["sub_category"]),
                    answer_order=(
                        ANSWER_ORDERS[type_fields["answer_order"]]
                        if kind == Question.Kind.MULTIPLE_CHOICE
                        else Question.AnswerOrder.NONE
                    ),
                    true_false_answer=(
                        type_fields["correct"] if kind == Question.Kind.TRUE_FALSE else None
                    ),
                    source_key=self.key("question", pk),
                )
                question.quizzes.set([self.quizzes[quiz_pk] for quiz_pk in fields["quiz"]])
                self.summary.question_kinds[kind] += 1
                if fields["figure"]:
                    self.summary.notes.append(
                        _(
                            "Question %(pk)s: its figure “%(figure)s” was not imported (a "
                            "dumpdata export holds no image files); add it in the admin."
                        )
                        % {"pk": pk, "figure": fields["figure"]}
                    )
            self._count("question", created)
            self.questions[pk] = question
            for sort_order, (answer_pk, answer_fields) in enumerate(
                self.answers_by_question.get(pk, ())
            ):
                key = self.key("answer", answer_pk)
                answer = in_default_locale(Answer.objects.filter(source_key=key)).first()
                if answer is None:
                    answer = Answer.objects.create(
                        question=question,
                        content=answer_fields["content"],
                        correct=answer_fields["correct"],
                        sort_order=sort_order,
                        source_key=key,
                    )
                    self._count("answer", True)
                else:
                    self._count("answer", False)
                self.answers[answer_pk] = answer
        self.report(_("Imported %(count)d questions.") % {"count": len(self.questions)})

    def _import_sittings(self):
        for pk, fields in sorted(self.by_model["quiz.sitting"].items()):
            what = _("Sitting %(pk)s") % {"pk": pk}
            key = self.key("sitting", pk)
            if Attempt.objects.filter(source_key=key).exists():
                self._count("attempt", False)
                continue
            if not fields["complete"]:
                self.summary.skipped.append(_("%(what)s: it was never finished.") % {"what": what})
                continue
            skipped = [q for q in fields["_order"] if q in self.skipped_questions]
            if skipped:
                self.summary.skipped.append(
                    _("%(what)s: it asked question(s) %(pks)s, which were skipped.")
                    % {"what": what, "pks": ", ".join(map(str, skipped))}
                )
                continue
            user = self._user_for(fields, what)
            if user is None:
                continue
            self._create_attempt(pk, key, fields, user)
            self._count("attempt", True)
        self.report(_("Imported sittings."))

    def _create_attempt(self, sitting_pk, key, fields, user):
        quiz = self.quizzes[fields["quiz"]]
        quiz_fields = self.by_model["quiz.quiz"][fields["quiz"]]
        questions = [self.questions[pk] for pk in fields["_order"]]
        keep_order = _KeepOrder()
        snapshot = {
            "quiz": quiz_snapshot(quiz),
            "questions": {
                str(question.pk): question_snapshot(question, keep_order) for question in questions
            },
        }
        # The quiz as it was in django-quiz-app, even when it matched a quiz of this site.
        snapshot["quiz"].update(
            title=quiz_fields["title"][:200],
            pass_mark=quiz_fields["pass_mark"],
            answers_at_end=quiz_fields["answers_at_end"],
            exam_paper=quiz_fields["exam_paper"],
        )
        total = len(questions)
        score = min(fields["current_score"], total)
        percent = _legacy_percent(score, total)
        passed = percent >= quiz_fields["pass_mark"]
        started = parse_datetime(fields["start"])
        ended = parse_datetime(fields["end"]) if fields["end"] else started
        number = Attempt.objects.filter(user=user, quiz=quiz).aggregate(n=Max("attempt_number"))
        attempt = Attempt.objects.create(
            user=user,
            user_name=user.get_full_name() or user.get_username(),
            quiz=quiz,
            quiz_title=quiz_fields["title"][:200],
            attempt_number=(number["n"] or 0) + 1,
            pass_mark=quiz_fields["pass_mark"],
            question_order=[question.pk for question in questions],
            snapshot=snapshot,
            status=Attempt.Status.PASSED if passed else Attempt.Status.FAILED,
            score=score,
            max_score=total,
            percent=percent,
            started_at=started,
            submitted_at=ended,
            decided_at=ended,
            source_key=key,
        )
        answers = []
        for legacy_pk, value in fields["_answers"].items():
            question = self.questions[legacy_pk]
            correct = legacy_pk not in fields["_incorrect"]
            answer = AttemptAnswer(
                attempt=attempt,
                question_id=question.pk,
                kind=question.kind,
                is_correct=correct,
                awarded_score=1 if correct else 0,
                answered_at=ended,
            )
            if question.kind == Question.Kind.MULTIPLE_CHOICE:
                answer.selected_answer_ids = [self.answers[value].pk]
                owner = self.by_model["multichoice.answer"][value]["question"]
                if owner != legacy_pk:
                    # django-quiz-app never checked this; keep its record, but say so.
                    self.summary.notes.append(
                        _(
                            "Sitting %(sitting)s: the answer given to question %(question)s "
                            "was answer %(answer)s, which belongs to question %(owner)s. It "
                            "is kept as django-quiz-app recorded and scored it."
                        )
                        % {
                            "sitting": sitting_pk,
                            "question": legacy_pk,
                            "answer": value,
                            "owner": owner,
                        }
                    )
            elif question.kind == Question.Kind.TRUE_FALSE:
                answer.boolean_answer = value
            else:
                answer.essay_text = value
                answer.marked_at = ended
                answer.marker_comment = _("Marked in django-quiz-app.")
            answers.append(answer)
        AttemptAnswer.objects.bulk_create(answers)

    def _import_progress(self):
        for pk, fields in sorted(self.by_model["quiz.progress"].items()):
            what = _("Progress %(pk)s") % {"pk": pk}
            user = None
            for name, score, possible in self._progress_triples(fields["score"]):
                key = self.key("progress", f"{pk}:{name}")
                if CategoryProgress.objects.filter(source_key=key).exists():
                    self._count("progress", False)
                    continue
                if user is None:
                    user = self._user_for(fields, what)
                    if user is None:
                        break
                category = Category.objects.filter(name=name.strip()).first()
                if category is None:
                    self.summary.skipped.append(
                        _("%(what)s: no category is named “%(name)s”.")
                        % {"what": what, "name": name}
                    )
                    continue
                progress, _created = CategoryProgress.objects.get_or_create(
                    user=user, category=category
                )
                progress.score += score
                progress.possible += possible
                if not progress.source_key:
                    progress.source_key = key
                progress.save()
                self._count("progress", True)
        self.report(_("Imported progress."))


def import_file(path, *, source=DEFAULT_SOURCE, report=None):
    """Import the export at ``path``; raise ``ImportFileError`` and write nothing if it is bad."""
    try:
        with open(path, encoding="utf-8") as file:
            records = json.load(file)
    except FileNotFoundError as error:
        raise ImportFileError([_("There is no file %(path)s.") % {"path": path}]) from error
    except UnicodeDecodeError as error:
        raise ImportFileError([_("The file is not UTF-8 text.")]) from error
    except json.JSONDecodeError as error:
        raise ImportFileError(
            [
                _("The file is not valid JSON: %(message)s at line %(line)d, column %(column)d.")
                % {"message": error.msg, "line": error.lineno, "column": error.colno}
            ]
        ) from error
    return DjangoQuizImporter(records, source=source, report=report).run()
