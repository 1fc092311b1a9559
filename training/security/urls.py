from django.urls import path

from . import views

urlpatterns = [
    path("", views.overview, name="two_factor_overview"),
    path("set-up/", views.setup, name="two_factor_setup"),
    path("verify/", views.verify, name="two_factor_verify"),
    path("recovery-codes/", views.recovery_codes, name="two_factor_recovery_codes"),
    path("turn-off/", views.turn_off, name="two_factor_turn_off"),
]
