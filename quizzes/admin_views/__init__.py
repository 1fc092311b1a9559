"""The trainer's side of the quiz engine in Wagtail's admin (wired up in ``wagtail_hooks``)."""

from .marking import MarkEssayView, MarkingQueueView, MarkingViewSet
from .reports import MissedQuestionsReportView, QuizResultsReportView

__all__ = [
    "MarkEssayView",
    "MarkingQueueView",
    "MarkingViewSet",
    "MissedQuestionsReportView",
    "QuizResultsReportView",
]
