"""Run slow work (reading files, importing, exporting) off the GUI thread.

A :class:`Task` runs a plain function in Qt's global thread pool and posts its result or error back
to the GUI thread through signals. The function gets a ``progress(done, total, what)`` callback and
a ``cancelled()`` check; it must never touch a widget.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from qualcode.domain.errors import QualCodeError

Work = Callable[[Callable[[int, int, str], None], Callable[[], bool]], Any]


class _Signals(QObject):
    progress = Signal(int, int, str)
    done = Signal(object)
    failed = Signal(str)


class Task(QRunnable):
    """One piece of background work. Connect to ``signals`` before calling :meth:`start`."""

    def __init__(self, work: Work) -> None:
        super().__init__()
        self.work = work
        self.signals = _Signals()
        self._cancel = threading.Event()
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self._cancel.set()

    def start(self) -> None:
        QThreadPool.globalInstance().start(self)

    def run(self) -> None:
        try:
            result = self.work(self.signals.progress.emit, self._cancel.is_set)
        except QualCodeError as exc:
            self.signals.failed.emit(str(exc))
        except Exception as exc:  # a bug: show it rather than lose it in a thread
            self.signals.failed.emit(
                f"Unexpected error: {type(exc).__name__}: {exc}\n\n{traceback.format_exc(limit=3)}"
            )
        else:
            self.signals.done.emit(result)
