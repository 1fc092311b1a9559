"""Proficiency by legal norm: the share of correct answers per unit, from decided attempts only."""

import pytest
from django.urls import reverse

from compliance.jurisdiction import Jurisdiction
from compliance.models import OrgUnit
from compliance.reporting.proficiency import decided_answers, proficiency_by_unit
from quizzes import services as quiz_services
from quizzes.scoring import model_payload
from tests.quizzes.factories import (
    QuizFactory,
    essay,
    multiple_choice,
    take_quiz,
    true_false,
)

from ..factories import OfficerProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz():
    """Two questions citing the ICRMW's article 16, one the ICCPR's article 9, one nothing."""
    quiz = QuizFactory(title="Custody", pass_mark=50)
    multiple_choice(quiz, cites_instrument="ICRMW", cites_article="art. 16")
    true_false(quiz, answer=True, cites_instrument="ICRMW", cites_article="art. 16")
    true_false(quiz, answer=False, cites_instrument="ICCPR", cites_article="art. 9")
    true_false(quiz, answer=True, cites_instrument="", cites_article="")
    return quiz


def officer_in(unit):
    return OfficerProfileFactory(unit=unit).user


def shares(rows):
    return {row.citation: [(share.correct, share.answered) for share in row.shares] for row in rows}


def test_shares_per_norm_and_unit_branch(org_tree, quiz):
    take_quiz(officer_in(org_tree["north_1"]), quiz, correct=True)
    take_quiz(officer_in(org_tree["north_2"]), quiz, correct=True)
    take_quiz(officer_in(org_tree["north_2"]), quiz, correct=False)
    take_quiz(officer_in(org_tree["south_1"]), quiz, correct=False)

    units = [org_tree["north"], org_tree["south"]]
    rows = proficiency_by_unit(decided_answers(OrgUnit.objects.all()), units)

    assert shares(rows) == {
        "ICCPR, art. 9": [(2, 3), (0, 1)],
        "ICRMW, art. 16": [(4, 6), (0, 2)],
    }
    north, south = rows[1].shares
    assert (north.percent, north.is_low) == (66.7, False)
    assert (south.percent, south.is_low) == (0.0, True)


def test_open_attempts_and_unmarked_essays_do_not_count(org_tree, quiz):
    officer = officer_in(org_tree["north_1"])
    attempt = quiz_services.start_attempt(officer, quiz)
    first = attempt.questions_as_asked()[0]
    quiz_services.submit_answer(attempt, officer, first["id"], model_payload(first, correct=True))

    essay_quiz = QuizFactory(title="Explain")
    essay(essay_quiz, cites_instrument="ICRMW", cites_article="art. 16")
    take_quiz(officer_in(org_tree["north_1"]), essay_quiz)  # awaiting marking

    rows = proficiency_by_unit(decided_answers(OrgUnit.objects.all()), [org_tree["north"]])
    assert rows == []


def test_the_dashboard_shows_the_shares_of_the_auditors_units_only(client, auditor, org_tree, quiz):
    Jurisdiction.objects.create(user=auditor, unit=org_tree["north"])
    take_quiz(officer_in(org_tree["north_1"]), quiz, correct=False)
    take_quiz(officer_in(org_tree["south_1"]), quiz, correct=True)
    client.force_login(auditor)

    response = client.get(reverse("compliance_dashboard_unit", args=[org_tree["north"].pk]))

    assert shares(response.context["proficiency"]) == {
        "ICCPR, art. 9": [(0, 1), (0, 0)],
        "ICRMW, art. 16": [(0, 2), (0, 0)],
    }
    content = response.content.decode()
    assert "ICRMW, art. 16" in content and "low" in content
