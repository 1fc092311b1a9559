from django.dispatch import Signal

#: Sent once, after the transaction that recorded it commits, when an officer completes a course.
#: Arguments: ``completion`` (a CourseCompletion).
course_completed = Signal()
