"""Proficiency by legal norm: the share of correct answers to the questions citing each
instrument and article, per unit.

Only answers of decided attempts (passed or failed) with a verdict count: an attempt still open
or awaiting marking, and an essay not yet marked, say nothing yet. A question's citation is read
from the question bank as it is now; answers to questions since deleted drop out. Answers are
counted in SQL, grouped by question and by the officer's unit, in one query; the units are then
added up into the branches of the tree shown (as in :mod:`.totals`), and the few cited questions
into their norms.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q

from quizzes.localization import source_question_queryset
from quizzes.models import Attempt, AttemptAnswer

from .totals import branches

#: A share of correct answers below this percentage is flagged as low.
LOW_SHARE = 60


@dataclass
class Share:
    answered: int = 0
    correct: int = 0

    @property
    def percent(self):
        return None if not self.answered else round(100 * self.correct / self.answered, 1)

    @property
    def is_low(self):
        return self.answered > 0 and self.percent < LOW_SHARE

    def add(self, answered, correct):
        self.answered += answered
        self.correct += correct


@dataclass
class NormRow:
    """One instrument and article, with a :class:`Share` per unit (in the order asked for)."""

    instrument: str
    article: str
    shares: list = field(default_factory=list)

    @property
    def citation(self):
        return ", ".join(part for part in (self.instrument, self.article) if part)


def decided_answers(units):
    """Answers with a verdict, in decided attempts of officers whose unit is in ``units``."""
    return AttemptAnswer.objects.filter(
        attempt__status__in=(Attempt.Status.PASSED, Attempt.Status.FAILED),
        attempt__user__officer_profile__unit__in=units,
        is_correct__isnull=False,
    )


def cited_questions():
    """``{question id: (instrument, article)}`` of the questions that cite a norm."""
    # Answers given point at questions in the default locale; translations cite the same norm.
    rows = (
        source_question_queryset()
        .exclude(cites_instrument="", cites_article="")
        .values_list("pk", "cites_instrument", "cites_article")
    )
    return {pk: (instrument.strip(), article.strip()) for pk, instrument, article in rows}


def proficiency_by_unit(answers, units):
    """A :class:`NormRow` per norm that ``answers`` touch, with a share for each of ``units``
    (which should not overlap), sorted by instrument and article."""
    norms = cited_questions()
    if not norms or not units:
        return []
    column = {unit: index for index, unit in enumerate(units)}
    owners = branches(units)
    shares = defaultdict(lambda: [Share() for _ in units])
    rows = (
        answers.filter(question_id__in=list(norms))
        .order_by()
        .values("question_id", unit_id=F("attempt__user__officer_profile__unit_id"))
        .annotate(answered=Count("pk"), correct=Count("pk", filter=Q(is_correct=True)))
    )
    for row in rows:
        if (owner := owners.get(row["unit_id"])) is not None:
            shares[norms[row["question_id"]]][column[owner]].add(row["answered"], row["correct"])
    return [
        NormRow(instrument, article, unit_shares)
        for (instrument, article), unit_shares in sorted(shares.items())
    ]
