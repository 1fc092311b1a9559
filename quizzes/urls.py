"""The officer's quiz pages. Include them in the host site: ``path("quizzes/", include(...))``."""

from django.urls import path

from . import views

app_name = "quizzes"

urlpatterns = [
    path("attempts/<int:pk>/", views.AttemptView.as_view(), name="attempt"),
    path(
        "attempts/<int:pk>/questions/<int:number>/",
        views.QuestionView.as_view(),
        name="question",
    ),
    path("attempts/<int:pk>/finish/", views.FinishView.as_view(), name="finish"),
    path("attempts/<int:pk>/result/", views.ResultView.as_view(), name="result"),
    path("<slug:slug>/", views.QuizStartView.as_view(), name="start"),
]
