from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

urlpatterns = [
    path("cms/", include(wagtailadmin_urls)),
    path("accounts/", include("django.contrib.auth.urls")),
    path("training/", include("courses.urls")),
    path("certificates/", include("certificates.urls")),
    path("quizzes/", include("quizzes.urls")),
    path("", include(wagtail_urls)),
]
