"""Course pages: an index of courses, a course, and its modules as ordered child pages."""

from django.contrib import messages
from django.db import models
from django.db.models import Q, Subquery, Value
from django.db.models.functions import Concat
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail_localize.fields import SynchronizedField

from . import learner, services
from .blocks import ModuleBodyBlock
from .localization import (
    TranslatedPageMixin,
    as_read,
    default_language,
    localize_all,
    with_translations,
)

#: Slugs are the same in every language, so a course's links work whatever language the reader
#: has chosen (pages are routed in the default-locale tree, see ``CourseIndexPage.route``).
SYNCHRONISED_SLUG = [SynchronizedField("slug", overridable=False)]


class LearnerPageMixin:
    """Keeps the learner's pages within their query budget."""

    def get_view_restrictions(self):
        """Wagtail's rule (restrictions on this page or an ancestor, aliases resolved to their
        source page) in one query instead of two."""
        lineage_paths = [
            self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)
        ]
        lineage = Page.objects.filter(path__in=lineage_paths)
        return PageViewRestriction.objects.filter(
            Q(page__in=lineage.filter(alias_of__isnull=True).values("pk"))
            | Q(page__in=lineage.filter(alias_of__isnull=False).values("alias_of"))
        )


class CourseIndexPage(TranslatedPageMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    override_translatable_fields = SYNCHRONISED_SLUG
    subpage_types = ["courses.CoursePage"]
    template = "courses/course_index_page.html"

    class Meta:
        verbose_name = _("course index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = localize_all(
            CoursePage.objects.child_of(self.default_locale_page).live()
        )
        return context

    def route(self, request, path_components):
        found = route_to_course_content(self, request, path_components, courses_below=1)
        if found is not None:
            return found
        if path_components:
            raise Http404
        return super().route(request, path_components)


def route_to_course_content(ancestor, request, path_components, *, courses_below):
    """Route to the module (course/module/...) or the course (course/...) at ``path_components``
    below ``ancestor``, in one query each, instead of Wagtail's two queries per level of the
    tree; None when there is none. ``courses_below`` counts the levels from ``ancestor`` down
    to its courses (1 from a course index, 2 from the page above the indexes).

    Courses and modules are found in the default-locale tree, whichever translation of
    ``ancestor`` is routing (slugs are the same in every language), and shown in the active
    language where a translation exists (found by the same query) and in the default language
    otherwise.
    """
    default_url_path = Subquery(
        Page.objects.filter(
            translation_key=ancestor.translation_key, locale__language_code=default_language()
        ).values("url_path")[:1]
    )
    for page_class, levels in ((ModulePage, courses_below + 1), (CoursePage, courses_below)):
        if len(path_components) < levels:
            continue
        relative_path = "".join(f"{slug}/" for slug in path_components[:levels])
        pages = page_class.objects.filter(
            locale__language_code=default_language(),
            url_path=Concat(default_url_path, Value(relative_path)),
        )
        found = as_read(with_translations(pages))
        if found:
            return found[0].route(request, path_components[levels:])
    return None


class CoursePage(LearnerPageMixin, TranslatedPageMixin, RoutablePageMixin, Page):
    class CompletionRule(models.TextChoices):
        MODULES_AND_QUIZZES = (
            "modules_and_quizzes",
            _("Every required module completed and every required quiz passed"),
        )
        QUIZZES_ONLY = "quizzes_only", _("Every required quiz passed (reading is optional)")

    summary = models.TextField(_("summary"))
    learning_outcomes = RichTextField(
        _("learning outcomes"), features=["ul", "ol", "bold", "italic"], blank=True
    )
    audience = models.CharField(_("audience"), max_length=255, blank=True)
    estimated_duration_minutes = models.PositiveSmallIntegerField(
        _("estimated duration (minutes)"), null=True, blank=True
    )
    validity_months = models.PositiveSmallIntegerField(
        _("validity (months)"),
        null=True,
        blank=True,
        help_text=_(
            "How long a certificate stays valid before a refresher is due. Empty: forever."
        ),
    )
    completion_rule = models.CharField(
        _("completion rule"),
        max_length=30,
        choices=CompletionRule.choices,
        default=CompletionRule.MODULES_AND_QUIZZES,
    )
    allow_self_enrollment = models.BooleanField(
        _("officers may enrol themselves"),
        default=True,
        help_text=_("Otherwise officers study it only when it is assigned to them."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("learning_outcomes"),
        FieldPanel("audience"),
        MultiFieldPanel(
            [
                FieldPanel("estimated_duration_minutes"),
                FieldPanel("validity_months"),
                FieldPanel("completion_rule"),
                FieldPanel("allow_self_enrollment"),
            ],
            heading=_("Completion and validity"),
        ),
    ]
    override_translatable_fields = SYNCHRONISED_SLUG
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage"]
    template = "courses/course_page.html"

    class Meta:
        verbose_name = _("course")

    def modules(self):
        return ModulePage.objects.child_of(self).live().order_by("path")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["outline"] = learner.course_outline(self, request.user)
        return context

    @path("enrol/", name="enrol")
    def enrol(self, request):
        if request.method != "POST":
            return redirect(self.url)
        if not request.user.is_authenticated:
            return redirect(f"{learner.login_url()}?next={self.url}")
        try:
            services.self_enrol(request.user, self.default_locale_page)
        except services.EnrolmentRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("You are enrolled. Start with the first module."))
        return redirect(self.url)

    @path("refresher/", name="refresher")
    def refresher(self, request):
        """Start the refresher course: a new cycle once the certificate is close to expiring."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not request.user.is_authenticated:
            return redirect(f"{learner.login_url()}?next={self.url}")
        try:
            services.start_refresher(request.user, self.default_locale_page)
        except services.EnrolmentRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request, _("Your refresher course has started. Study each module again.")
            )
        return redirect(self.url)


class ModulePage(LearnerPageMixin, TranslatedPageMixin, RoutablePageMixin, Page):
    intro = models.CharField(_("introduction"), max_length=255, blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated time (minutes)"), null=True, blank=True
    )
    required = models.BooleanField(
        _("required"), default=True, help_text=_("Needed to complete the course.")
    )
    body = StreamField(ModuleBodyBlock(), verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("estimated_minutes"),
        FieldPanel("required"),
        FieldPanel("body"),
    ]
    override_translatable_fields = SYNCHRONISED_SLUG
    parent_page_types = ["courses.CoursePage"]
    subpage_types = []
    template = "courses/module_page.html"

    class Meta:
        verbose_name = _("module")

    def required_quizzes(self):
        """Quiz ids the officer must pass for this module, read from the body's quiz blocks.

        Reads the stored block data, so no quiz is loaded from the database.
        """
        return [
            block["value"]["quiz"]
            for block in self.body.raw_data
            if block["type"] == "quiz" and block["value"].get("required") and block["value"]["quiz"]
        ]

    @path("")
    def study(self, request):
        access = learner.module_access(self.default_locale_page, request.user)
        if access.redirect_to:
            if access.message:
                messages.info(request, access.message)
            return redirect(access.redirect_to)
        if not access.enrolment.module_opened:
            services.record_opened(access.enrolment, self.default_locale_page)
        context = learner.module_context(self, access.enrolment, request)
        return TemplateResponse(
            request, self.get_template(request), {**self.get_context(request), **context}
        )

    @path("complete/", name="complete")
    def complete(self, request):
        if request.method != "POST":
            return redirect(self.url)
        access = learner.module_access(self.default_locale_page, request.user)
        if access.redirect_to:
            return redirect(access.redirect_to)
        try:
            services.complete_module(access.enrolment, self.default_locale_page)
        except services.CompletionRefused as refusal:
            messages.error(request, str(refusal))
            return redirect(self.url)
        next_module = learner.next_module(self.default_locale_page)
        return redirect(next_module.url if next_module else self.get_parent().url)

    def serve_preview(self, request, mode_name):
        """Trainers preview drafts from the admin without being enrolled."""
        return TemplateResponse(
            request,
            self.get_template(request),
            {**self.get_context(request), **learner.module_context(self, None, request)},
        )
