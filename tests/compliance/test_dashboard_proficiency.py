"""Proficiency by legal norm: the share of correct answers per unit, from decided attempts only."""

import io
from datetime import timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

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

from ..factories import OfficerProfileFactory, RankFactory

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


def test_the_page_shows_the_shares_of_the_auditors_units_only(client, auditor, org_tree, quiz):
    Jurisdiction.objects.create(user=auditor, unit=org_tree["north"])
    take_quiz(officer_in(org_tree["north_1"]), quiz, correct=False)
    take_quiz(officer_in(org_tree["south_1"]), quiz, correct=True)
    client.force_login(auditor)

    response = client.get(reverse("compliance_proficiency_unit", args=[org_tree["north"].pk]))

    assert shares(response.context["proficiency"]) == {
        "ICCPR, art. 9": [(0, 1), (0, 0)],
        "ICRMW, art. 16": [(0, 2), (0, 0)],
    }
    content = response.content.decode()
    assert "ICRMW, art. 16" in content and "low" in content
    assert "South" not in content


def test_the_top_page_shows_the_auditors_own_units(client, auditor, org_tree, quiz):
    Jurisdiction.objects.create(user=auditor, unit=org_tree["north_1"])
    take_quiz(officer_in(org_tree["north_1"]), quiz, correct=True)
    take_quiz(officer_in(org_tree["north_2"]), quiz, correct=False)
    client.force_login(auditor)

    response = client.get(reverse("compliance_proficiency"))

    assert [unit.name for unit in response.context["units"]] == ["North One"]
    assert shares(response.context["proficiency"]) == {
        "ICCPR, art. 9": [(1, 1)],
        "ICRMW, art. 16": [(2, 2)],
    }


def test_the_page_filters_by_rank_and_answer_date(client, auditor, org_tree, quiz):
    sergeant = RankFactory(name="Sergeant")
    take_quiz(
        OfficerProfileFactory(unit=org_tree["north_1"], rank=sergeant).user, quiz, correct=True
    )
    take_quiz(officer_in(org_tree["north_1"]), quiz, correct=False)
    client.force_login(auditor)
    url = reverse("compliance_proficiency_unit", args=[org_tree["north"].pk])
    Jurisdiction.objects.create(user=auditor, unit=org_tree["north"])

    by_rank = client.get(url, {"rank": sergeant.pk})
    today = timezone.localdate()
    before_today = client.get(url, {"submitted_at_to": today - timedelta(days=1)})
    until_today = client.get(url, {"submitted_at_from": today, "submitted_at_to": today})

    assert shares(by_rank.context["proficiency"])["ICRMW, art. 16"] == [(2, 2), (0, 0)]
    assert shares(before_today.context["proficiency"]) == {}
    assert shares(until_today.context["proficiency"])["ICRMW, art. 16"] == [(2, 4), (0, 0)]


def test_the_dashboard_links_to_the_proficiency_of_the_same_units(client, auditor, org_tree):
    Jurisdiction.objects.create(user=auditor, unit=org_tree["north"])
    client.force_login(auditor)
    north = org_tree["north"]

    top = client.get(reverse("compliance_dashboard")).content.decode()
    unit = client.get(reverse("compliance_dashboard_unit", args=[north.pk])).content.decode()

    assert f'href="{reverse("compliance_proficiency")}"' in top
    assert f'href="{reverse("compliance_proficiency_unit", args=[north.pk])}"' in unit


def test_the_shares_export_one_row_per_norm_and_unit(client, auditor, org_tree, quiz):
    Jurisdiction.objects.create(user=auditor, unit=org_tree["north"])
    take_quiz(officer_in(org_tree["north_1"]), quiz, correct=True)
    take_quiz(officer_in(org_tree["north_2"]), quiz, correct=False)
    client.force_login(auditor)
    url = reverse("compliance_proficiency_unit", args=[org_tree["north"].pk])

    csv_response = client.get(url, {"export": "csv"})
    xlsx_response = client.get(url, {"export": "xlsx"})

    lines = b"".join(csv_response.streaming_content).decode().splitlines()
    assert lines == [
        "Instrument,Article,Unit,Unit code,Answers,Correct answers,Share correct (%)",
        "ICCPR,art. 9,North One,tp-n1,1,1,100.0",
        "ICCPR,art. 9,North Two,tp-n2,1,0,0.0",
        "ICRMW,art. 16,North One,tp-n1,2,2,100.0",
        "ICRMW,art. 16,North Two,tp-n2,2,0,0.0",
    ]
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx_response.streaming_content)))
    assert len(list(workbook.active.iter_rows())) == len(lines)
