"""Signals other apps listen to; the quiz engine itself knows nothing of its listeners.

Both are sent inside the service's transaction, so what a receiver writes (a module marked
complete, say) commits or rolls back with the attempt. Receivers with slow work should defer
it with ``transaction.on_commit`` or a task.
"""

from django.dispatch import Signal

#: Sent by ``services.finish_attempt`` with ``sender=Attempt`` and ``attempt``. The attempt is
#: passed or failed, or awaiting marking when it holds essays (see ``attempt_marked``).
attempt_finished = Signal()

#: Sent by ``services.mark_essay`` after each essay is marked, with ``sender=Attempt``,
#: ``attempt``, ``answer`` and ``marker``. ``attempt.is_decided`` says whether that was the
#: last essay and the attempt is now passed or failed.
attempt_marked = Signal()
