from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from courses.models import CourseIndexPage
from courses.pages import route_to_course_content


class HomePage(Page):
    """The public front page: what the training is for and where to start."""

    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    def route(self, request, path_components):
        """Find a course or a module below the home page's course indexes in one query, and a
        course index in one query where Wagtail's default takes two (the child, then its
        specific page): every course and module page goes through it."""
        found = route_to_course_content(self, request, path_components, courses_below=2)
        if found is not None:
            return found
        if path_components:
            index = CourseIndexPage.objects.child_of(self).filter(slug=path_components[0]).first()
            if index is not None:
                index._cached_parent_obj = self
                return index.route(request, path_components[1:])
        return super().route(request, path_components)

    class Meta:
        verbose_name = _("home page")
