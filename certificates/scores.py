"""The score printed on a certificate: the officer's result in the course's final assessment."""

from quizzes.models import Attempt


def final_assessment_quiz_id(course):
    """The last required quiz of the course, in module order, or None if it has none."""
    if course is None:
        return None
    quiz_ids = [quiz_id for module in course.modules() for quiz_id in module.required_quizzes()]
    return quiz_ids[-1] if quiz_ids else None


def final_score(user, course, *, since=None):
    """The officer's best passing percentage in the final assessment, or None; only attempts
    started at or after ``since`` (the start of the completed cycle) count, when given."""
    quiz_id = final_assessment_quiz_id(course)
    if quiz_id is None or user is None:
        return None
    attempts = Attempt.objects.filter(
        user=user, quiz_id=quiz_id, status=Attempt.Status.PASSED, percent__isnull=False
    )
    if since is not None:
        attempts = attempts.filter(started_at__gte=since)
    return attempts.order_by("-percent").values_list("percent", flat=True).first()
