"""A previewed roster waiting in the session for the administrator to apply it.

The file itself waits, not the plan: applying reads it again and plans again against the
database as it is then. It waits in the session (server-side, tied to the administrator's
login, gone when they sign out or it expires) because rosters are small (``MAX_FILE_SIZE``) and
the session works the same on every app server. Only one roster waits at a time: a new upload
replaces it.

The preview page carries the file's SHA-256 and Apply posts it back; a roster is applied only
when the file waiting has that hash. So what is applied is exactly the file that was previewed,
never one uploaded since in another tab, and a hash altered in the page applies nothing.
"""

import base64
import hashlib
from dataclasses import dataclass

from django.utils.crypto import constant_time_compare

SESSION_KEY = "compliance.roster_import"

#: The largest roster accepted, in bytes (a 2 MB CSV holds some 20,000 officers).
MAX_FILE_SIZE = 2 * 1024 * 1024


@dataclass(frozen=True)
class PendingImport:
    name: str
    content: bytes
    agency_id: int
    deactivate_leavers: bool

    @property
    def sha256(self):
        return hashlib.sha256(self.content).hexdigest()

    def matches(self, sha256):
        return constant_time_compare(self.sha256, sha256)

    def keep(self, session):
        session[SESSION_KEY] = {
            "name": self.name,
            "content": base64.b64encode(self.content).decode("ascii"),
            "agency_id": self.agency_id,
            "deactivate_leavers": self.deactivate_leavers,
        }

    @classmethod
    def waiting(cls, session):
        """The roster waiting in ``session``, or None."""
        stored = session.get(SESSION_KEY)
        if stored is None:
            return None
        return cls(**{**stored, "content": base64.b64decode(stored["content"])})

    @staticmethod
    def discard(session):
        session.pop(SESSION_KEY, None)
