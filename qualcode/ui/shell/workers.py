"""Run slow work (reading files, importing, exporting) off the GUI thread.

A :class:`Task` runs a plain function in Qt's global thread pool and posts its result or error back
to the GUI thread through signals. The function gets a ``progress(done, total, what)`` callback and
a ``cancelled()`` check; it must never touch a widget.

A task outlives whoever started it: a panel or the whole window may close while its work runs. The
module keeps every running task alive until its work returns, and a result that arrives after its
listeners are gone is dropped quietly instead of raising from the worker thread. Closing the
window calls :func:`stop_all` so no work is still reading a project that is being closed.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from qualcode.domain.errors import QualCodeError

Work = Callable[[Callable[[int, int, str], None], Callable[[], bool]], Any]

log = logging.getLogger(__name__)

_running: set[Task] = set()
_running_lock = threading.Lock()


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

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def start(self) -> None:
        with _running_lock:
            _running.add(self)
        QThreadPool.globalInstance().start(self)

    def _emit(self, signal: Any, *args: object) -> None:
        """Emit unless the receiving side was torn down meanwhile (window closed)."""
        if not shiboken6.isValid(self.signals):
            return
        try:
            signal.emit(*args)
        except RuntimeError:  # deleted between the check and the emit: nobody is listening
            log.debug("background result dropped: its receiver was deleted")

    def _progress(self, done: int, total: int, what: str) -> None:
        self._emit(self.signals.progress, done, total, what)

    def run(self) -> None:
        try:
            try:
                result = self.work(self._progress, self._cancel.is_set)
            except QualCodeError as exc:
                self._emit(self.signals.failed, str(exc))
            except Exception as exc:  # a bug: show it rather than lose it in a thread
                if self.cancelled:
                    log.debug("cancelled background work ended with %r", exc)
                    return
                log.exception("background work failed")
                self._emit(
                    self.signals.failed,
                    f"Unexpected error: {type(exc).__name__}: {exc}\n\n"
                    f"{traceback.format_exc(limit=3)}",
                )
            else:
                self._emit(self.signals.done, result)
        finally:
            with _running_lock:
                _running.discard(self)


class Latest:
    """A view's background work where only the latest request counts (a recount, a retrieval):
    starting another cancels the one running, and a replaced task's result or error never
    reaches the view. ``task`` is the one running, if any."""

    def __init__(self) -> None:
        self.task: Task | None = None

    def start(self, work: Work, done: Callable[[Any], None], failed: Callable[[str], None]) -> Task:
        if self.task is not None:
            self.task.cancel()
        task = Task(work)
        self.task = task

        def finished(result: object) -> None:
            if task is self.task:
                self.task = None
                done(result)

        def broke(message: str) -> None:
            if task is self.task:
                self.task = None
                failed(message)

        task.signals.done.connect(finished)
        task.signals.failed.connect(broke)
        task.start()
        return task


SWITCH_INTERVAL_S = 0.0005


def favour_gui_thread() -> None:
    """Let the GUI thread take the interpreter back quickly from background work.

    A background count or the search indexer runs Python code that holds the interpreter lock;
    the GUI thread, coming back from each database call, waits for it up to the switch interval
    (5 ms by default), many times over in one coding. Half a millisecond keeps a coding made
    while a count runs within its budget, at a small cost to the background work's speed."""
    sys.setswitchinterval(SWITCH_INTERVAL_S)


def running() -> int:
    """How many tasks have started and not yet returned."""
    with _running_lock:
        return len(_running)


def stop_all(wait_ms: int = 5_000) -> bool:
    """Ask every running task to stop and wait for them; ``False`` if some still run."""
    with _running_lock:
        tasks = list(_running)
    for task in tasks:
        task.cancel()
    return QThreadPool.globalInstance().waitForDone(wait_ms)
