"""What courses need to know from the quiz engine: which quizzes an officer has passed."""

from quizzes.models import Attempt


def passed_quiz_ids(user, quiz_ids):
    quiz_ids = set(quiz_ids)
    if not quiz_ids or user is None:
        return set()
    return set(
        Attempt.objects.filter(
            user=user, quiz_id__in=quiz_ids, status=Attempt.Status.PASSED
        ).values_list("quiz_id", flat=True)
    )
