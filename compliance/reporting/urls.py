from django.urls import path

from . import views

urlpatterns = [
    path("compliance/dashboard/", views.DashboardView.as_view(), name=views.DASHBOARD_URL_NAME),
    path(
        "compliance/dashboard/units/<int:unit_id>/",
        views.DashboardView.as_view(),
        name=views.UNIT_URL_NAME,
    ),
    path(
        "compliance/dashboard/proficiency/",
        views.ProficiencyView.as_view(),
        name=views.PROFICIENCY_URL_NAME,
    ),
    path(
        "compliance/dashboard/units/<int:unit_id>/proficiency/",
        views.ProficiencyView.as_view(),
        name=views.UNIT_PROFICIENCY_URL_NAME,
    ),
    path(
        "compliance/dashboard/units/<int:unit_id>/officers/",
        views.UnitOfficersView.as_view(),
        name=views.OFFICERS_URL_NAME,
    ),
    path(
        "compliance/dashboard/units/<int:unit_id>/officers/results/",
        views.UnitOfficersView.as_view(results_only=True),
        name=views.OFFICERS_RESULTS_URL_NAME,
    ),
    path(
        "compliance/dashboard/officers/<int:user_id>/",
        views.TranscriptView.as_view(),
        name=views.TRANSCRIPT_URL_NAME,
    ),
]
