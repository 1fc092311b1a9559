"""Demo quizzes: one per module, and a final assessment drawing 15 questions from a pool,
published in English with French and Spanish translations."""

from django.db import transaction
from wagtail.models import Locale

from courses.models import ModulePage
from quizzes.models import Answer, Category, Question, Quiz

#: The quizzes' result texts in each language of the demo.
RESULT_TEXTS = {
    "en": {
        "success_text": "Well done: you have met the standard for this part of the course.",
        "fail_text": "Read the module again, then try once more.",
    },
    "fr": {
        "success_text": "Bravo : vous avez atteint le niveau requis pour cette partie de la "
        "formation.",
        "fail_text": "Relisez le module, puis réessayez.",
    },
    "es": {
        "success_text": "Muy bien: ha alcanzado el nivel exigido en esta parte del curso.",
        "fail_text": "Vuelva a leer el módulo y después inténtelo de nuevo.",
    },
}

KINDS = {
    "multiple_choice": Question.Kind.MULTIPLE_CHOICE,
    "true_false": Question.Kind.TRUE_FALSE,
    "essay": Question.Kind.ESSAY,
}

FINAL_ASSESSMENT_SLUG = "final-assessment"


def _question(data, category, quiz):
    question = Question.objects.create(
        kind=KINDS[data["type"]],
        category=category,
        content=data["content"],
        explanation=data["explanation"],
        cites_instrument=data["cites"]["instrument"],
        cites_article=data["cites"]["article"],
        answer_order=Question.AnswerOrder.RANDOM,
        true_false_answer=data.get("correct") if data["type"] == "true_false" else None,
    )
    question.quizzes.add(quiz)
    Answer.objects.bulk_create(
        Answer(
            question=question,
            locale_id=question.locale_id,  # bulk_create skips the signal that sets it
            content=answer["content"],
            correct=answer["correct"],
            sort_order=i,
        )
        for i, answer in enumerate(data.get("answers", ()))
    )


def _quiz(slug, data, category, **options):
    quiz, created = Quiz.objects.get_or_create(
        slug=slug,
        locale=Locale.get_default(),
        defaults={
            "title": data["title"],
            "category": category,
            "pass_mark": data["pass_mark"],
            **RESULT_TEXTS["en"],
            **options,
        },
    )
    if created:
        for question in data["questions"]:
            _question(question, category, quiz)
    return quiz


def _attach(module, quiz):
    if quiz.pk in module.required_quizzes():
        return
    module.body = [
        *module.body.raw_data,
        {"type": "quiz", "value": {"quiz": quiz.pk, "required": True}},
    ]
    module.save_revision().publish()


def seed_quizzes(course, content):
    """Give each demo module its quiz and add the final assessment as the last module."""
    modules = {module.slug: module for module in course.modules()}
    for data in content["modules"]:
        category, _created = Category.objects.get_or_create(name=data["title"])
        quiz = _quiz(f"{data['slug']}-quiz", data["quiz"], category)
        _attach(modules[data["slug"]], quiz)

    final = content["final_assessment"]
    category, _created = Category.objects.get_or_create(name=final["title"])
    quiz = _quiz(
        FINAL_ASSESSMENT_SLUG,
        final,
        category,
        max_questions=final["max_questions"],
        random_order=True,
        answers_at_end=True,
        exam_paper=True,
        max_attempts=3,
        time_limit_minutes=30,
        one_question_per_page=True,
    )
    module = modules.get(FINAL_ASSESSMENT_SLUG)
    if module is None:
        module = ModulePage(
            title=final["title"],
            slug=FINAL_ASSESSMENT_SLUG,
            intro="Questions drawn at random from every module of the course.",
            body=[
                {
                    "type": "text",
                    "value": f"<p>The final assessment draws {quiz.max_questions} questions at "
                    f"random from every module. You have {quiz.time_limit_minutes} minutes and "
                    f"up to {quiz.max_attempts} attempts; the answers are shown when you "
                    "finish.</p>",
                }
            ],
        )
        course.add_child(instance=module)
        module.save_revision().publish()
        module.refresh_from_db()
    _attach(module, quiz)
    return quiz


def _quizzes_in_order(course):
    """The demo quizzes in the order of the course content: one per module, then the final."""
    quizzes = []
    for module in course.modules():
        quizzes.extend(Quiz.objects.filter(pk__in=module.required_quizzes()).order_by("pk"))
    return quizzes


def translate_quizzes(course, language, content):
    """Publish each demo quiz, its questions and their options in ``language`` once.

    The texts come from the course content in that language, question by question and option
    by option in the English order; the copies keep their sources' translation keys, so
    officers reading in ``language`` see them while their answers are recorded against the
    English quiz. Nothing else is copied: the pools stay English.
    """
    locale = Locale.objects.get(language_code=language)
    texts = [module["quiz"] for module in content["modules"]] + [content["final_assessment"]]
    for quiz, data in zip(_quizzes_in_order(course), texts, strict=True):
        if quiz.get_translation_or_none(locale) is None:
            translation = quiz.copy_for_translation(locale)
            translation.title = data["title"]
            translation.success_text = RESULT_TEXTS[language]["success_text"]
            translation.fail_text = RESULT_TEXTS[language]["fail_text"]
            translation.save()
        questions = quiz.questions.filter(locale=quiz.locale).prefetch_related("answers")
        for question, text in zip(questions.order_by("pk"), data["questions"], strict=True):
            _translate_question(question, locale, text)


def _translate_question(question, locale, text):
    if question.get_translation_or_none(locale) is not None:
        return
    translation = question.copy_for_translation(locale)
    translation.content = text["content"]
    translation.explanation = text["explanation"]
    translation.cites_instrument = text["cites"]["instrument"]
    translation.cites_article = text["cites"]["article"]
    options = sorted(translation.answers.all(), key=lambda answer: answer.sort_order)
    for option, option_text in zip(options, text.get("answers", ()), strict=True):
        option.content = option_text["content"]
    translation.save()


def seed_quiz_translations(course, load_content, languages=("fr", "es")):
    """The demo quizzes in French and Spanish (run after the locales exist)."""
    with transaction.atomic():
        for language in languages:
            translate_quizzes(course, language, load_content(language))
