"""Quizzes translated with Wagtail's localisation: officers read them in their language, and
every record keeps pointing at the quiz, questions and options in the default locale."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, TranslationSource

from compliance.reporting.proficiency import cited_questions
from quizzes import bank, localization, services
from quizzes.models import Answer, Attempt, AttemptAnswer, Question, Quiz

from ..factories import UserFactory
from .factories import (
    QuizFactory,
    essay,
    multiple_choice,
    translate_question,
    translate_quiz,
    true_false,
)
from .test_import_django_quiz import SAMPLE, run
from .test_views_queries import MAX_OFFICER_PAGE_QUERIES
from .view_helpers import (
    answer_data,
    asked,
    finish_url,
    question_url,
    result_url,
    start,
    start_url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz(db):
    """A quiz of two questions, translated into French; the second has no Spanish."""
    quiz = QuizFactory(
        title="Custody", description="About custody.", pass_mark=50, success_text="Well done."
    )
    who = multiple_choice(
        quiz,
        content="Who must be told?",
        explanation="Article 16.7 says so.",
        correct=("The consul",),
        wrong=("Nobody",),
    )
    separate = true_false(quiz, answer=True, content="Separate from convicted prisoners.")
    translate_quiz(
        quiz,
        "fr",
        title="Garde à vue",
        description="À propos de la garde à vue.",
        success_text="Bravo.",
    )
    translate_question(
        who,
        "fr",
        content="Qui faut-il prévenir ?",
        explanation="L'article 16.7 le prévoit.",
        cites_instrument="Convention (fr)",
        answers=("Le consul", "Personne"),
    )
    translate_question(separate, "fr", content="Séparé des condamnés.")
    translate_quiz(quiz, "es", title="Custodia")
    translate_question(who, "es", content="¿A quién hay que avisar?", answers=("Al cónsul",))
    return quiz


def speaking(client, user, language):
    """Sign ``user`` in with ``language`` chosen, as the language switcher chooses it."""
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def page(response):
    assert response.status_code == 200, response
    return BeautifulSoup(response.content, "html.parser")


# The models


def test_new_content_is_in_the_default_locale_with_its_own_translation_key(db):
    quiz = QuizFactory()
    question = multiple_choice(quiz)
    default = Locale.get_default()
    assert quiz.locale == default and question.locale == default
    assert {answer.locale_id for answer in question.answers.all()} == {default.pk}
    keys = [quiz.translation_key, question.translation_key]
    keys += [answer.translation_key for answer in question.answers.all()]
    assert len(set(keys)) == len(keys)


def test_a_translated_question_shares_its_keys_and_sits_in_no_pool(quiz):
    who = quiz.questions.get(content="Who must be told?")
    french = who.get_translation(Locale.objects.get(language_code="fr"))
    assert (french.content, french.locale.language_code) == ("Qui faut-il prévenir ?", "fr")
    assert not french.quizzes.exists()
    options = {option.translation_key: option for option in french.answers.all()}
    for source in who.answers.all():
        copy = options[source.translation_key]  # each option maps back to its source
        assert (copy.correct, copy.locale_id) == (source.correct, french.locale_id)
    assert set(quiz.questions.all()) == set(localization.source_question_queryset())


def test_a_translation_shares_its_quizs_slug_but_two_quizzes_of_one_locale_cannot(quiz):
    assert Quiz.objects.filter(slug=quiz.slug).count() == 3
    with pytest.raises(ValidationError) as error:
        Quiz(title="Other", slug=quiz.slug, pass_mark=50).full_clean()
    assert "slug" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        QuizFactory(slug=quiz.slug)


def test_an_imported_question_can_be_translated_but_its_key_names_one_row_per_locale(db):
    question = multiple_choice(source_key="bank:q-1")
    translated = translate_question(question, "fr", content="En français")
    assert translated.source_key == "bank:q-1"
    with pytest.raises(IntegrityError), transaction.atomic():
        multiple_choice(source_key="bank:q-1")


def test_wagtail_localize_offers_the_question_its_explanation_and_options(db):
    question = multiple_choice(
        content="Who must be told?",
        explanation="Article 16.7.",
        correct=("The consul",),
        wrong=("Nobody",),
    )
    source, _created = TranslationSource.get_or_create_from_instance(question)
    strings = set(
        StringSegment.objects.filter(source=source).values_list("string__data", flat=True)
    )
    assert {"Who must be told?", "Article 16.7.", "The consul", "Nobody"} <= strings


# Taking a quiz in another language


def test_an_officer_takes_the_quiz_in_french_and_is_scored_on_the_source_answers(
    client, officer, quiz
):
    client = speaking(client, officer, "fr")
    start_page = page(client.get(start_url(quiz)))
    assert start_page.h1.get_text(strip=True) == "Garde à vue"
    assert start_page.h1.get("lang") is None
    assert "À propos de la garde à vue." in start_page.get_text()

    attempt = start(client, quiz)
    assert attempt.quiz == quiz  # the quiz in the default locale
    question = page(client.get(question_url(attempt, 1)))
    assert question.legend.get_text(strip=True) == "Qui faut-il prévenir ?"
    assert question.legend.get("lang") is None
    labels = [label.get_text(strip=True) for label in question.select(".quiz-choices label")]
    assert sorted(labels) == ["Le consul", "Personne"]
    source_ids = {answer["id"] for answer in asked(attempt, 1)["answers"]}
    values = {int(field["value"]) for field in question.select(".quiz-choices input")}
    assert (
        values
        == source_ids
        == set(
            Answer.objects.filter(question__content="Who must be told?").values_list(
                "pk", flat=True
            )
        )
    )

    client.post(question_url(attempt, 1), answer_data(asked(attempt, 1)))
    feedback = page(client.get(question_url(attempt, 1)))
    assert "L'article 16.7 le prévoit." in feedback.select_one(".quiz-explanation").get_text()
    assert feedback.select_one(".quiz-option--right").get_text(strip=True).startswith("Le consul")
    assert feedback.cite.get_text(strip=True) == "Convention (fr), art. 16"

    client.post(question_url(attempt, 2), answer_data(asked(attempt, 2)))
    client.post(finish_url(attempt))
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.PASSED and attempt.percent == 100
    chosen = AttemptAnswer.objects.get(attempt=attempt, kind="multiple_choice")
    assert set(chosen.selected_answer_ids) <= source_ids

    result = page(client.get(result_url(attempt)))
    assert "Bravo." in result.select_one(".quiz-result-text").get_text()
    assert "Garde à vue" in result.select_one(".eyebrow").get_text()


def test_a_submitted_translated_option_id_is_refused(client, officer, quiz):
    client = speaking(client, officer, "fr")
    attempt = start(client, quiz)
    french = Answer.objects.get(content="Le consul")
    data = answer_data(asked(attempt, 1))
    data[f"q{asked(attempt, 1)['id']}-answer"] = [str(french.pk)]
    response = client.post(question_url(attempt, 1), data)
    assert response.status_code == 200
    assert not AttemptAnswer.objects.filter(attempt=attempt).exists()


def test_switching_language_mid_attempt_keeps_the_attempt(client, officer, quiz):
    client = speaking(client, officer, "fr")
    attempt = start(client, quiz)
    client.post(question_url(attempt, 1), answer_data(asked(attempt, 1)))

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    assert start(client, quiz) == attempt  # "Continue": the same attempt, in Spanish now
    spanish = page(client.get(question_url(attempt, 1)))
    assert "¿A quién hay que avisar?" in spanish.select_one(".quiz-question__text").get_text()
    client.post(question_url(attempt, 2), answer_data(asked(attempt, 2)))
    client.post(finish_url(attempt))
    assert Attempt.objects.filter(user=officer).count() == 1
    attempt.refresh_from_db()
    assert attempt.passed and attempt.answers.count() == 2


def test_text_without_a_translation_is_shown_in_english_marked_as_english(client, officer, quiz):
    client = speaking(client, officer, "es")
    attempt = start(client, quiz)
    first = page(client.get(question_url(attempt, 1)))
    labels = {
        label.get_text(strip=True): label.span.get("lang") if label.span else None
        for label in first.select(".quiz-choices label")
    }
    assert labels == {"Al cónsul": None, "Nobody": "en"}  # one option left untranslated
    client.post(question_url(attempt, 1), answer_data(asked(attempt, 1)))
    explanation = page(client.get(question_url(attempt, 1))).select_one(".quiz-explanation div")
    assert explanation["lang"] == "en"  # the Spanish copy kept the English explanation
    second = page(client.get(question_url(attempt, 2)))  # no Spanish translation at all
    assert second.legend.get_text(strip=True) == "Separate from convicted prisoners."
    assert second.legend["lang"] == "en"

    client = speaking(client, officer, "ar")
    title = page(client.get(start_url(quiz))).h1
    assert (title.get_text(strip=True), title["lang"]) == ("Custody", "en")


def test_in_the_default_language_nothing_is_marked_or_fetched(client, officer, quiz):
    client = speaking(client, officer, "en")
    attempt = start(client, quiz)
    question = page(client.get(question_url(attempt, 1)))
    assert question.legend.get_text(strip=True) == "Who must be told?"
    assert not question.select("main [lang]")
    with translation.override("en"):
        assert localization.attempt_texts(attempt).translations == {}


def test_a_translation_opened_by_mistake_starts_an_attempt_at_the_source_quiz(officer, quiz):
    french = Quiz.objects.get(slug=quiz.slug, locale__language_code="fr")
    attempt = services.start_attempt(officer, french)
    assert attempt.quiz == quiz
    assert len(attempt.question_order) == 2


# Translations are not extra content


def test_translations_are_left_out_of_pools_draws_and_counts(client, officer, quiz):
    french = Question.objects.get(content="Qui faut-il prévenir ?")
    french.quizzes.add(quiz)  # even if a translation were put in a pool by hand
    client = speaking(client, officer, "fr")
    facts = page(client.get(start_url(quiz))).select_one(".quiz-facts").get_text()
    assert "2" in facts and "3" not in facts
    attempt = start(client, quiz)
    assert french.pk not in attempt.question_order
    assert len(attempt.question_order) == 2


def test_the_start_address_finds_the_source_quiz(client, officer, quiz):
    client = speaking(client, officer, "en")
    assert client.get(start_url(quiz)).status_code == 200  # three quizzes share the slug


def test_the_question_bank_lists_the_default_locale(client, trainer, quiz):
    client.force_login(trainer)
    listing = client.get(reverse(Question.snippet_viewset.get_url_name("list")))
    text = listing.content.decode()
    assert "Who must be told?" in text
    assert "Qui faut-il prévenir ?" not in text
    assert "Translate" in text  # wagtail-localize's action for the questions
    french = client.get(
        reverse(Question.snippet_viewset.get_url_name("list")), {"locale": "fr"}
    ).content.decode()
    assert "Qui faut-il prévenir ?" in french and "Who must be told?" not in french
    quiz_filter = listing.context["filters"].form.fields["quizzes"]
    assert list(quiz_filter.queryset) == [quiz]
    by_quiz = client.get(
        reverse(Question.snippet_viewset.get_url_name("list")), {"quizzes": quiz.pk}
    ).content.decode()
    assert "Who must be told?" in by_quiz


def test_the_quiz_listing_and_chooser_offer_the_default_locale(client, trainer, quiz):
    client.force_login(trainer)
    listing = client.get(reverse(Quiz.snippet_viewset.get_url_name("list"))).content.decode()
    assert "Custody" in listing and "Garde à vue" not in listing
    chooser = client.get(reverse(Quiz.snippet_viewset.chooser_viewset.get_url_name("choose")))
    assert chooser.status_code == 200
    assert "Custody" in chooser.content.decode()
    assert "Garde à vue" not in chooser.content.decode()
    french = Quiz.objects.get(locale__language_code="fr")
    chosen = client.get(
        reverse(Quiz.snippet_viewset.chooser_viewset.get_url_name("chosen"), args=[french.pk])
    )
    assert chosen.status_code == 404


def test_a_questions_form_offers_only_quizzes_of_the_default_locale(client, trainer, quiz):
    client.force_login(trainer)
    who = quiz.questions.get(content="Who must be told?")
    form = client.get(reverse(Question.snippet_viewset.get_url_name("edit"), args=[who.pk]))
    assert list(form.context["form"].fields["quizzes"].queryset) == [quiz]


def test_the_trainer_opens_the_translate_view_for_a_question(client, trainer, quiz):
    question = essay(quiz, content="Explain the rule.")
    client.force_login(trainer)
    url = reverse(
        "wagtail_localize:submit_snippet_translation", args=["quizzes", "question", question.pk]
    )
    assert client.get(url).status_code == 200
    spanish = Locale.objects.get(language_code="es")
    assert client.post(url, {"locales": [spanish.pk]}).status_code == 302
    translated = question.get_translation(spanish)
    assert not translated.quizzes.exists()
    edit = client.get(reverse(Question.snippet_viewset.get_url_name("edit"), args=[translated.pk]))
    assert edit.status_code == 200
    assert "Explain the rule." in edit.content.decode()  # the translation editor's source
    listing = client.get(reverse(Question.snippet_viewset.get_url_name("list")))
    assert "Sync translated snippets" in listing.content.decode()


@pytest.mark.parametrize("role", ["officer", "auditor"])
def test_only_trainers_open_the_translate_view(client, role_users, role, quiz):
    question = quiz.questions.first()
    client.force_login(role_users[role])
    url = reverse(
        "wagtail_localize:submit_snippet_translation", args=["quizzes", "question", question.pk]
    )
    assert client.get(url).status_code in (302, 403)


def test_the_translate_view_sends_anonymous_visitors_to_log_in(client, quiz):
    question = quiz.questions.first()
    url = reverse(
        "wagtail_localize:submit_snippet_translation", args=["quizzes", "question", question.pk]
    )
    response = client.get(url)
    assert response.status_code == 302 and "login" in response.url


# Queries


def french_quiz(size, **options):
    """A quiz of ``size`` questions of every kind, each translated into French."""
    quiz = QuizFactory(title=f"Quiz of {size}", **options)
    translate_quiz(quiz, "fr", title=f"Quiz de {size}")
    for number in range(size):
        kind = number % 3
        if kind == 0:
            question = multiple_choice(quiz, correct=("A", "B") if number % 2 else ("A",))
            translate_question(question, "fr", content=f"Q{number} ?", answers=("A fr", "B fr"))
        elif kind == 1:
            question = true_false(quiz, answer=bool(number % 2))
            translate_question(question, "fr", content=f"Q{number} ?")
        else:
            question = essay(quiz)
            translate_question(question, "fr", content=f"Q{number} ?")
    return quiz


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_french_officer_pages_stay_within_the_budget_whatever_the_quiz_size(client, officer):
    client = speaking(client, officer, "fr")
    small, large = french_quiz(3), french_quiz(30)
    counts = {}
    for name, quiz in (("small", small), ("large", large)):
        counts[f"{name} start"] = queries(client, start_url(quiz))
        attempt = start(client, quiz)
        counts[f"{name} question"] = queries(client, question_url(attempt, 1))
        client.post(question_url(attempt, 1), answer_data(asked(attempt, 1)))
        counts[f"{name} feedback"] = queries(client, question_url(attempt, 1))
        client.post(finish_url(attempt))
        counts[f"{name} result"] = queries(client, result_url(attempt))
    for page_name in ("start", "question", "feedback", "result"):
        assert counts[f"small {page_name}"] == counts[f"large {page_name}"], counts
    assert max(counts.values()) <= MAX_OFFICER_PAGE_QUERIES, counts


def test_translations_cost_one_query_per_page(client, officer):
    quiz = french_quiz(3)
    attempt = start(speaking(client, officer, "en"), quiz)
    english = queries(client, question_url(attempt, 2))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert queries(client, question_url(attempt, 2)) == english + 1


def test_the_results_reports_offer_the_default_locale_quizzes(client, trainer, quiz):
    client.force_login(trainer)
    for name in ("quizzes_results_report", "quizzes_missed_questions_report"):
        form = client.get(reverse(name)).context["filters"].form
        assert list(form.fields["quiz"].queryset) == [quiz]


def test_the_proficiency_report_reads_the_source_questions_only(officer, quiz):
    take = services.start_attempt(officer, quiz)
    assert set(cited_questions()) == set(take.question_order)
    assert not Question.objects.filter(pk__in=cited_questions(), locale__language_code="fr")


def test_the_bank_exports_and_imports_the_default_locale_only(tmp_path, quiz):
    who = quiz.questions.get(content="Who must be told?")
    records = bank.export_records()
    assert sorted(record["content"] for record in records) == [
        "Separate from convicted prisoners.",
        "Who must be told?",
    ]
    who.refresh_from_db()
    key = who.source_key  # given on export; the French copy still has none
    path = tmp_path / "bank.csv"
    path.write_text(
        "key,kind,category,content,answer_1,answer_2,correct,quizzes\n"
        f"{key},multiple_choice,,Who must be told at once?,The consul,Nobody,1,{quiz.slug}\n"
        f"new-1,essay,,Explain.,,,,{quiz.slug}\n",
        encoding="utf-8",
    )
    call_command("import_question_bank", str(path), verbosity=0)
    who.refresh_from_db()
    assert who.content == "Who must be told at once?"
    french = Question.objects.get(locale__language_code="fr", translation_key=who.translation_key)
    assert french.content == "Qui faut-il prévenir ?"
    new = Question.objects.get(source_key="new-1")
    assert list(new.quizzes.all()) == [quiz]  # the slug names the source quiz


def test_running_the_django_quiz_import_again_ignores_translations(db):
    UserFactory(username="k.mensah")
    run(SAMPLE)
    for quiz in Quiz.objects.all():
        translate_quiz(quiz, "fr", title=f"(fr) {quiz.title}")  # listed first by title
    for question in Question.objects.all():
        translate_question(question, "fr", content=f"{question.content} (fr)")
    output = run(SAMPLE)
    assert "  quizzes: 0 created, 2 already present" in output
    assert "  questions: 0 created, 6 already present" in output
    english = localization.source_quiz_queryset()
    assert sum(quiz.questions.count() for quiz in english) == 6 + 1  # one question is in both
    assert not Quiz.objects.filter(locale__language_code="fr", questions__isnull=False).exists()


def test_the_preview_of_a_translation_shows_its_sources_pool_in_its_language(rf, quiz):
    french = Quiz.objects.get(slug=quiz.slug, locale__language_code="fr")
    context = french.get_preview_context(rf.get("/"), Quiz.PREVIEW_WITH_ANSWERS)
    questions = {item["question"]["content"]: item["question"] for item in context["items"]}
    assert set(questions) == {"Qui faut-il prévenir ?", "Séparé des condamnés."}
    options = questions["Qui faut-il prévenir ?"]["answers"]
    assert {option["content"] for option in options} == {"Le consul", "Personne"}
    officer_view = french.get_preview_context(rf.get("/"), "")
    assert officer_view["pool_size"] == 2
