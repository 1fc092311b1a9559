"""Question banks in and out of the database: export, and import as plan-then-apply.

``plan_import`` compares checked records with what the site holds and writes nothing, so the
same plan serves a dry run, the admin's preview and the import itself; ``apply_plan`` writes it
in one transaction. Questions are matched on their key, kept in ``Question.source_key``, so
importing a file twice changes nothing the second time.
"""

import secrets
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from ..localization import source_question_queryset, source_quiz_queryset
from ..models import Answer, Category, Question, SubCategory
from .validation import AnswerRecord, BankFileError, QuestionRecord

#: Fields copied as they are between a record and a question.
PLAIN_FIELDS = [
    "kind",
    "content",
    "explanation",
    "cites_instrument",
    "cites_article",
    "answer_order",
    "true_false_answer",
]


def _new_key(question):
    return f"q-{question.pk}-{secrets.token_hex(3)}"


def _questions():
    """The bank: questions in the default locale (translations are not questions of their own)."""
    return (
        source_question_queryset()
        .select_related("category", "sub_category")
        .prefetch_related("answers", "quizzes")
    )


def record_of(question):
    """The record for a question as stored, with its answers and quizzes (prefetched)."""
    return QuestionRecord(
        key=question.source_key,
        kind=question.kind,
        content=question.content,
        category=question.category.name if question.category_id else "",
        sub_category=question.sub_category.name if question.sub_category_id else "",
        explanation=question.explanation,
        cites_instrument=question.cites_instrument,
        cites_article=question.cites_article,
        answer_order=question.answer_order,
        true_false_answer=(
            question.true_false_answer if question.kind == Question.Kind.TRUE_FALSE else None
        ),
        answers=(
            [AnswerRecord(a.content, a.correct) for a in question.answers.all()]
            if question.kind == Question.Kind.MULTIPLE_CHOICE
            else []
        ),
        quizzes=sorted(quiz.slug for quiz in question.quizzes.all()),
    )


def export_records(category=None):
    """Every question (or a category's) as records, in the order they were created.

    A question made in the admin has no key yet: it is given one here and keeps it, so that
    importing the exported file later updates it instead of adding a copy.
    """
    questions = _questions().order_by("pk")
    if category is not None:
        questions = questions.filter(category=category)
    questions = list(questions)
    keyless = [question for question in questions if not question.source_key]
    if keyless:
        with transaction.atomic():
            for question in keyless:
                question.source_key = _new_key(question)
            Question.objects.bulk_update(keyless, ["source_key"])
    return [record_of(question).as_data() for question in questions]


@dataclass
class Change:
    """What importing one record does: ``create``, ``update`` (``fields`` says what) or none."""

    record: QuestionRecord
    action: str
    fields: list = field(default_factory=list)
    question: Question | None = None

    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"


@dataclass
class Plan:
    changes: list
    new_categories: list
    new_sub_categories: list

    @property
    def counts(self):
        counts = Counter(change.action for change in self.changes)
        return {action: counts[action] for action in (Change.CREATE, Change.UPDATE, "unchanged")}

    @property
    def has_changes(self):
        return bool(
            self.new_categories
            or self.new_sub_categories
            or any(change.action != Change.UNCHANGED for change in self.changes)
        )

    def lines(self, *, detail=True):
        """A summary, then (with ``detail``) one line per question created or updated."""
        counts = self.counts
        lines = [_("%(create)d to create, %(update)d to update, %(unchanged)d unchanged.") % counts]
        if self.new_categories:
            lines.append(
                _("New categories: %(names)s.") % {"names": ", ".join(self.new_categories)}
            )
        if self.new_sub_categories:
            lines.append(
                _("New sub-categories: %(names)s.") % {"names": ", ".join(self.new_sub_categories)}
            )
        for change in self.changes if detail else ():
            if change.action == Change.CREATE:
                lines.append(_("  + %(key)s: new") % {"key": change.record.key})
            elif change.action == Change.UPDATE:
                lines.append(
                    _("  ~ %(key)s: %(fields)s changed")
                    % {"key": change.record.key, "fields": ", ".join(change.fields)}
                )
        return lines


def _differences(record, current):
    stored = record_of(current)
    changed = [name for name in PLAIN_FIELDS if getattr(record, name) != getattr(stored, name)]
    for name in ("category", "sub_category", "answers"):
        if getattr(record, name) != getattr(stored, name):
            changed.append(name)
    if record.quizzes is not None and record.quizzes != stored.quizzes:
        changed.append("quizzes")
    return changed


def plan_import(records):
    """What importing ``records`` would change; raises ``BankFileError`` for unknown quizzes."""
    slugs = {slug for record in records for slug in record.quizzes or ()}
    known = set(source_quiz_queryset().filter(slug__in=slugs).values_list("slug", flat=True))
    problems = [
        _("%(row)s (key %(key)s): there is no quiz with the slug “%(slug)s”.")
        % {"row": record.label, "key": record.key, "slug": slug}
        for record in records
        for slug in record.quizzes or ()
        if slug not in known
    ]
    if problems:
        raise BankFileError(problems)

    existing = {
        q.source_key: q for q in _questions().filter(source_key__in=[r.key for r in records])
    }
    categories = set(
        Category.objects.filter(name__in={r.category for r in records}).values_list(
            "name", flat=True
        )
    )
    sub_categories = set(
        SubCategory.objects.filter(name__in={r.sub_category for r in records}).values_list(
            "category__name", "name"
        )
    )
    changes = []
    for record in records:
        question = existing.get(record.key)
        if question is None:
            changes.append(Change(record, Change.CREATE))
        else:
            fields = _differences(record, question)
            action = Change.UPDATE if fields else Change.UNCHANGED
            changes.append(Change(record, action, fields, question))
    new_categories = sorted({r.category for r in records if r.category} - categories)
    new_sub_categories = sorted(
        {(r.category, r.sub_category) for r in records if r.sub_category} - sub_categories
    )
    return Plan(
        changes=changes,
        new_categories=new_categories,
        new_sub_categories=[f"{category}: {name}" for category, name in new_sub_categories],
    )


class _Taxonomy:
    """Categories and sub-categories by name, created the first time one is needed."""

    def __init__(self):
        self.categories = {}
        self.sub_categories = {}

    def category(self, name):
        if not name:
            return None
        if name not in self.categories:
            self.categories[name], _created = Category.objects.get_or_create(name=name)
        return self.categories[name]

    def sub_category(self, category_name, name):
        if not name:
            return None
        key = (category_name, name)
        if key not in self.sub_categories:
            category = self.category(category_name)
            sub_category = SubCategory.objects.filter(name=name, category=category).first()
            if sub_category is None:
                sub_category = SubCategory.objects.create(name=name, category=category)
            self.sub_categories[key] = sub_category
        return self.sub_categories[key]


def _sync_answers(question, records):
    """Make the question's answers match, in place where they line up (keeping their ids)."""
    current = list(question.answers.all()) if question.pk else []
    for position, record in enumerate(records):
        if position < len(current):
            answer = current[position]
            if (answer.content, answer.correct, answer.sort_order) != (
                record.content,
                record.correct,
                position,
            ):
                answer.content, answer.correct, answer.sort_order = (
                    record.content,
                    record.correct,
                    position,
                )
                answer.save()
        else:
            Answer.objects.create(
                question=question,
                content=record.content,
                correct=record.correct,
                sort_order=position,
            )
    for answer in current[len(records) :]:
        answer.delete()


def apply_plan(plan, *, user=None):
    """Write the plan in one transaction and log each question created or updated."""
    taxonomy = _Taxonomy()
    quizzes = {}
    slugs = {slug for change in plan.changes for slug in change.record.quizzes or ()}
    with transaction.atomic():
        quizzes = {quiz.slug: quiz for quiz in source_quiz_queryset().filter(slug__in=slugs)}
        for name in plan.new_categories:
            taxonomy.category(name)
        for change in plan.changes:
            if change.action == Change.UNCHANGED:
                continue
            record = change.record
            question = change.question or Question(source_key=record.key)
            for name in PLAIN_FIELDS:
                setattr(question, name, getattr(record, name))
            question.category = taxonomy.category(record.category)
            question.sub_category = taxonomy.sub_category(record.category, record.sub_category)
            question.save()
            _sync_answers(question, record.answers)
            if record.quizzes is not None:
                question.quizzes.set([quizzes[slug] for slug in record.quizzes])
            log(
                instance=question,
                action="quizzes.question.import",
                user=user,
                data={"key": record.key, "change": change.action, "fields": change.fields},
            )
    return plan


def import_records(records, *, dry_run=False, user=None):
    """Plan, and unless ``dry_run`` apply, in one transaction; returns the plan."""
    with transaction.atomic():
        plan = plan_import(records)
        if not dry_run:
            apply_plan(plan, user=user)
    return plan


__all__ = [
    "BankFileError",
    "Change",
    "Plan",
    "apply_plan",
    "export_records",
    "import_records",
    "plan_import",
    "record_of",
]
