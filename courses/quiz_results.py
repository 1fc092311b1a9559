"""What courses need to know from the quiz engine: which quizzes an officer has passed."""

from quizzes.models import Attempt


def passed_quiz_ids(user, quiz_ids, *, since=None):
    """The quizzes among ``quiz_ids`` that ``user`` passed in an attempt started at or after
    ``since`` (the start of the enrolment's cycle), or ever if ``since`` is None."""
    quiz_ids = set(quiz_ids)
    if not quiz_ids or user is None:
        return set()
    attempts = Attempt.objects.filter(user=user, quiz_id__in=quiz_ids, status=Attempt.Status.PASSED)
    if since is not None:
        attempts = attempts.filter(started_at__gte=since)
    return set(attempts.values_list("quiz_id", flat=True))
