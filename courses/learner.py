"""Read-side helpers for the learner's pages: outline, access to a module, navigation."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _

from .records import Enrolment, ModuleProgress


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
    def completion(self):
        return getattr(self.enrolment, "completion", None) if self.enrolment else None

    @property
    def resume_module(self):
        """The module to continue with: the last one opened, else the first not completed."""
        if self.enrolment and self.enrolment.last_module_id:
            for item in self.items:
                if item.module.pk == self.enrolment.last_module_id and not item.completed:
                    return item.module
        for item in self.items:
            if not item.completed:
                return item.module
        return None


def _enrolment(course, user):
    if not user.is_authenticated:
        return None
    return Enrolment.objects.filter(user=user, course=course).select_related("completion").first()


def _outline(enrolment, modules, progress_records):
    progress = {record.module_id: record for record in progress_records}
    return Outline(
        enrolment=enrolment,
        items=[
            OutlineItem(
                module=module,
                opened=module.pk in progress,
                completed=bool(module.pk in progress and progress[module.pk].completed_at),
            )
            for module in modules
        ],
    )


def course_outline(course, user):
    """One course's modules with the user's progress, in a constant number of queries."""
    enrolment = _enrolment(course, user)
    progress = ModuleProgress.objects.filter(enrolment=enrolment) if enrolment else []
    return _outline(enrolment, course.modules(), progress)


def my_training(user):
    """An outline per enrolment of ``user``: three queries however many courses and modules."""
    from .pages import ModulePage

    enrolments = list(
        Enrolment.objects.filter(user=user, course__isnull=False)
        .select_related("course", "completion")
        .order_by("completion__completed_at", "due_on", "course_title")
    )
    if not enrolments:
        return []
    children = Q()
    for enrolment in enrolments:
        children |= Q(path__startswith=enrolment.course.path, depth=enrolment.course.depth + 1)
    modules_by_course = defaultdict(list)
    for module in ModulePage.objects.live().filter(children).order_by("path"):
        modules_by_course[module.path[: -ModulePage.steplen]].append(module)
    progress_by_enrolment = defaultdict(list)
    for record in ModuleProgress.objects.filter(enrolment__in=enrolments):
        progress_by_enrolment[record.enrolment_id].append(record)
    return [
        _outline(
            enrolment,
            modules_by_course[enrolment.course.path],
            progress_by_enrolment[enrolment.pk],
        )
        for enrolment in enrolments
    ]


@dataclass
class ModuleAccess:
    enrolment: Enrolment | None = None
    redirect_to: str | None = None
    message: str | None = None


def module_access(module, user):
    """Only officers enrolled in the module's course may study it."""
    if not user.is_authenticated:
        return ModuleAccess(redirect_to=f"{login_url()}?next={module.url}")
    course_path = module.path[: -module.steplen]
    enrolment = (
        Enrolment.objects.filter(user=user, course__path=course_path)
        .select_related("course")
        .first()
    )
    if enrolment is None:
        return ModuleAccess(
            redirect_to=module.get_parent().url,
            message=_("Enrol in the course to study its modules."),
        )
    return ModuleAccess(enrolment=enrolment)


def next_module(module):
    return module.get_next_siblings().live().specific().first()


def module_context(module, enrolment, progress, request):
    siblings = list(module.get_siblings().live().order_by("path"))
    position = next(i for i, page in enumerate(siblings) if page.pk == module.pk)
    return {
        "course": enrolment.course if enrolment else module.get_parent(),
        "enrolment": enrolment,
        "progress": progress,
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
