"""Read-side helpers for the learner's pages: outlines, access to a module, navigation.

Each helper runs a fixed number of queries, whatever the number of courses or modules.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, Subquery
from django.shortcuts import resolve_url
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from .localization import as_read, default_language, localize, localize_all, with_translations
from .records import Enrolment, ModuleProgress
from .services import refresher_is_open


def login_url():
    return resolve_url(settings.LOGIN_URL)


@dataclass
class OutlineItem:
    module: object
    opened: bool = False
    completed: bool = False


@dataclass
class Outline:
    enrolment: Enrolment | None
    items: list = field(default_factory=list)
    #: The course as the officer reads it (a translation of ``enrolment.course``, or the same).
    course: object = None

    @property
    def completed_count(self):
        return sum(item.completed for item in self.items if item.module.required)

    @property
    def required_count(self):
        return sum(1 for item in self.items if item.module.required)

    @property
    def percent(self):
        if not self.required_count:
            return 0
        return round(100 * self.completed_count / self.required_count)

    @property
    def started(self):
        return any(item.opened for item in self.items)

    @property
    def completion(self):
        return getattr(self.enrolment, "completion", None) if self.enrolment else None

    @property
    def overdue(self):
        """Not completed by the due date an assignment set."""
        due_on = self.enrolment.due_on if self.enrolment else None
        return due_on is not None and self.completion is None and due_on < timezone.localdate()

    @property
    def refresher_open(self):
        """Whether the officer may start the refresher course now."""
        return self.enrolment is not None and refresher_is_open(
            self.completion, self.enrolment.course
        )

    @property
    def resume_module(self):
        """Where the officer stopped: the first module opened but not completed, else the first
        module not completed."""
        unfinished = [item for item in self.items if not item.completed]
        for item in unfinished:
            if item.opened:
                return item.module
        return unfinished[0].module if unfinished else None


def _progress_of(enrolment, module_ref):
    return ModuleProgress.objects.filter(enrolment=enrolment, module=module_ref)


def course_outline(course, user):
    """One course's modules, in the active language, with the user's progress: two queries."""
    records_course = course.default_locale_page
    enrolment = None
    if user.is_authenticated:
        enrolment = (
            Enrolment.objects.current()
            .filter(user=user, course=records_course)
            .select_related("completion", "course")
            .first()
        )
    modules = with_translations(records_course.modules())
    if enrolment is None:
        items = [OutlineItem(module=module) for module in as_read(modules)]
        return Outline(enrolment=None, items=items, course=course)
    progress = _progress_of(enrolment, OuterRef("pk"))
    modules = modules.annotate(
        opened=Exists(progress),
        completed=Exists(progress.filter(completed_at__isnull=False)),
    )
    items = [
        OutlineItem(
            module=module,
            opened=module.default_locale_page.opened,
            completed=module.default_locale_page.completed,
        )
        for module in as_read(modules)
    ]
    return Outline(enrolment=enrolment, items=items, course=course)


def open_courses(user):
    """Live courses the user may enrol in and has not, in the active language: one query, and
    one more to read translations."""
    from .pages import CoursePage

    return localize_all(
        CoursePage.objects.live()
        .filter(allow_self_enrollment=True, locale__language_code=default_language())
        .exclude(enrolments__user=user)
        .order_by("title")
    )


def my_training(user):
    """An outline per enrolment of ``user``: three queries however many courses and modules,
    and one more to read translated course titles."""
    from .pages import ModulePage

    enrolments = list(
        Enrolment.objects.current()
        .filter(user=user, course__isnull=False)
        .select_related("course", "completion")
        .order_by("completion__completed_at", "due_on", "course_title")
    )
    if not enrolments:
        return []
    children = Q()
    for enrolment in enrolments:
        children |= Q(path__startswith=enrolment.course.path, depth=enrolment.course.depth + 1)
    modules_by_course = defaultdict(list)
    modules = with_translations(ModulePage.objects.live().filter(children).order_by("path"))
    for module in as_read(modules):
        modules_by_course[module.default_locale_page.path[: -ModulePage.steplen]].append(module)
    progress = defaultdict(dict)
    for record in ModuleProgress.objects.filter(enrolment__in=enrolments):
        progress[record.enrolment_id][record.module_id] = record
    courses = localize_all(enrolment.course for enrolment in enrolments)
    outlines = []
    for enrolment, course in zip(enrolments, courses, strict=True):
        records = progress[enrolment.pk]
        items = []
        for module in modules_by_course[enrolment.course.path]:
            record = records.get(module.default_locale_page.pk)
            items.append(
                OutlineItem(
                    module=module,
                    opened=record is not None,
                    completed=bool(record and record.completed_at),
                )
            )
        outlines.append(Outline(enrolment=enrolment, items=items, course=course))
    return outlines


@dataclass
class ModuleAccess:
    enrolment: Enrolment | None = None
    redirect_to: str | None = None
    message: str | None = None


def module_access(module, user):
    """Only officers enrolled in the module's course may study it.

    The enrolment comes back with its course and with this module's progress annotated
    (``module_opened``, ``module_completed_at``), in one query.
    """
    if not user.is_authenticated:
        return ModuleAccess(redirect_to=f"{login_url()}?next={module.url}")
    progress = _progress_of(OuterRef("pk"), module)
    enrolment = (
        Enrolment.objects.current()
        .filter(user=user, course__path=module.path[: -module.steplen])
        .select_related("course")
        .annotate(
            module_opened=Exists(progress),
            module_completed_at=Subquery(progress.values("completed_at")[:1]),
        )
        .first()
    )
    if enrolment is None:
        return ModuleAccess(
            redirect_to=module.get_parent().url,
            message=_("Enrol in the course to study its modules."),
        )
    return ModuleAccess(enrolment=enrolment)


def next_module(module):
    """The module after ``module`` (a default-locale page) in the active language, or None."""
    following = module.get_next_siblings().live().specific().first()
    return localize(following) if following else None


def module_context(module, enrolment, request):
    """The course, the module's neighbours and its body for ``module`` as the officer reads it;
    the neighbours come from the default-locale course, in the active language."""
    records_module = module.default_locale_page
    course_id = enrolment.course_id if enrolment else records_module.get_parent().pk
    siblings = records_module.get_siblings().live().values("pk")
    course_and_modules = with_translations(
        Page.objects.filter(Q(pk=course_id) | Q(pk__in=siblings)).order_by("path")
    )
    course, *siblings = as_read(course_and_modules)  # The course comes first in tree order.
    position = next(
        i for i, page in enumerate(siblings) if page.default_locale_page.pk == records_module.pk
    )
    return {
        "course": course,
        "enrolment": enrolment,
        "previous_module": siblings[position - 1] if position > 0 else None,
        "next_module": siblings[position + 1] if position + 1 < len(siblings) else None,
        "module_number": position + 1,
        "module_count": len(siblings),
        "body_items": [
            {"block": block, "chosen": _chosen_option(request, block)} for block in module.body
        ],
    }


def _chosen_option(request, block):
    """The option an officer chose in a case study (sent by a plain GET form, no JavaScript)."""
    if block.block_type != "case_study":
        return None
    try:
        index = int(request.GET.get(f"choice-{block.id}", ""))
    except ValueError:
        return None
    return index if 0 <= index < len(block.value["options"]) else None
