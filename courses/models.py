from .pages import CourseIndexPage, CoursePage, ModulePage
from .records import CourseCompletion, Enrolment, ModuleProgress, StudiedRevision

__all__ = [
    "CourseCompletion",
    "CourseIndexPage",
    "CoursePage",
    "Enrolment",
    "ModulePage",
    "ModuleProgress",
    "StudiedRevision",
]
