"""Demo quizzes: one per module, and a final assessment drawing 15 questions from a pool."""

from courses.models import ModulePage
from quizzes.models import Answer, Category, Question, Quiz

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
            question=question, content=answer["content"], correct=answer["correct"], sort_order=i
        )
        for i, answer in enumerate(data.get("answers", ()))
    )


def _quiz(slug, data, category, **options):
    quiz, created = Quiz.objects.get_or_create(
        slug=slug,
        defaults={
            "title": data["title"],
            "category": category,
            "pass_mark": data["pass_mark"],
            "success_text": "Well done: you have met the standard for this part of the course.",
            "fail_text": "Read the module again, then try once more.",
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
