"""One writer at a time: a lock file beside the project naming its holder (pid, host, user).

The lock is created with ``O_EXCL`` so two processes cannot both win, owner-only like every file
we write; a lock another user's umask made unreadable to us is respected, never taken over. A lock
that cannot be written whole (a full disk) is removed at once rather than left empty. A lock left
by a dead process on this host is stale and taken over; a lock from another host is respected,
since we cannot see whether its process lives, and the message says who holds it so the user can
ask them.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import socket
from pathlib import Path

from qualcode.domain.errors import ProjectLockedError
from qualcode.domain.files import PRIVATE, write_error


def lock_path(project: Path) -> Path:
    return project.with_name(project.name + ".lock")


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # getuser raises various errors when no name is known
        return "unknown"


def read_holder(project: Path) -> dict[str, object] | None:
    path = lock_path(project)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except PermissionError:  # someone else's owner-only lock: held, by whom we cannot tell
        return {"pid": -1, "host": "?", "user": "another user", "since": "?", "unreadable": True}
    except (OSError, ValueError):
        return {"pid": -1, "host": "?", "user": "?", "since": "?", "damaged": True}
    return data if isinstance(data, dict) else {"pid": -1, "host": "?", "damaged": True}


class ProjectLock:
    """A held lock; release it with :meth:`release` (idempotent)."""

    def __init__(self, project: Path) -> None:
        self.project = project
        self.path = lock_path(project)
        self.held = False

    def acquire(self) -> None:
        me = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "user": _user(),
            "since": dt.datetime.now().isoformat(timespec="seconds"),
        }
        for _attempt in range(3):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE)
            except FileExistsError:
                holder = read_holder(self.project)
                if holder is None:
                    continue  # released between our two calls: try again
                if self._is_stale(holder):
                    self.path.unlink(missing_ok=True)
                    continue
                raise ProjectLockedError(
                    f"{self.project.name} is open elsewhere: by {holder.get('user', '?')} on "
                    f"{holder.get('host', '?')} (process {holder.get('pid', '?')}, since "
                    f"{holder.get('since', '?')}). Close it there first.",
                    holder,
                ) from None
            except PermissionError:
                raise  # a read-only folder: opening read-only is the answer, said by the caller
            except OSError as exc:
                raise write_error(exc, self.path) from None
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump(me, fh)
                    fh.flush()
                    os.fsync(fh.fileno())
            except BaseException as exc:  # a full disk, or an interrupt mid-write
                self.path.unlink(missing_ok=True)
                if isinstance(exc, OSError):
                    raise write_error(exc, self.path) from None
                raise
            self.held = True
            return
        raise ProjectLockedError(f"Could not take the lock on {self.project.name}.", {})

    @staticmethod
    def _is_stale(holder: dict[str, object]) -> bool:
        if holder.get("unreadable"):
            return False
        if holder.get("damaged"):
            return True
        if holder.get("host") != socket.gethostname():
            return False
        pid = holder.get("pid")
        if not isinstance(pid, int):
            return True
        if pid == os.getpid():
            return False  # this very process holds it (another window): not stale
        return not _pid_alive(pid)

    def release(self) -> None:
        if self.held:
            holder = read_holder(self.project)
            if holder and holder.get("pid") == os.getpid():
                self.path.unlink(missing_ok=True)
            self.held = False
