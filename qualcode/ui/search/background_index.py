"""The search index prepared in the background, so the first search does not wait for it.

Analysing every word of a big project takes minutes (spaCy, per token). Rather than make the
first search pay for it, the window starts indexing a few seconds after a project opens and after
documents come in (an import, a REFI merge) or their text changes (pseudonymising, redacting),
in small batches: each batch is analysed in a child process (``analysis_process``: spaCy's work
would otherwise hold the window's interpreter) and written in one short transaction once the
researcher pauses, so a coding made meanwhile does not wait, and a kill loses at most the batch
in progress. A search that starts meanwhile stops this work (what is done is kept); a lemma
search finishes the rest itself with its own progress bar; indexing carries on when it ends.
Progress shows in the status bar: "Indexing for search: 120 of 2,000 documents".
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel

from qualcode.domain.errors import Cancelled
from qualcode.services.search.analysis_process import AnalysisProcess
from qualcode.services.search.search_index import (
    BACKGROUND_BATCH_CHARACTERS,
    index_status,
    refresh_index,
)
from qualcode.storage.project import Project
from qualcode.ui.shell.workers import Task

if TYPE_CHECKING:
    from qualcode.ui.shell.main_window import MainWindow

DELAY_MS = 3_000  # after opening or importing: the window's own reads come first
HOLD_S = 2.0  # after each action of the researcher, indexing waits this long between documents
SWITCH = "QUALCODE_BACKGROUND_INDEX"  # "0" turns it off (the test suite, a very slow machine)


class BackgroundIndexer(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.task: Task | None = None
        self.idle = threading.Event()  # set while no indexing thread touches the project
        self.idle.set()
        self.paused = 0  # searches running: indexing waits for them
        self.analyser = AnalysisProcess()  # spaCy's work off the window's interpreter
        self.quiet_at = 0.0  # monotonic time from which indexing may go on
        self.label = QLabel()
        self.label.setVisible(False)
        window.statusBar().addPermanentWidget(self.label)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DELAY_MS)
        self.timer.timeout.connect(self._start)

    def schedule(self) -> None:
        """Documents or their text changed (or a project opened): index once things are quiet."""
        if os.environ.get(SWITCH, "1") != "0":
            self.timer.start()

    def hold(self) -> None:
        """The researcher just did something (a coding): indexing steps aside for a moment, so
        their next action meets neither a busy interpreter nor a write in progress."""
        self.quiet_at = time.monotonic() + HOLD_S

    def _wait_or_cancelled(self, cancelled: Callable[[], bool]) -> bool:
        """Checked before each document: wait while the researcher is active."""
        while not cancelled() and time.monotonic() < self.quiet_at:
            time.sleep(0.05)
        return bool(cancelled())

    def stop(self, wait: bool = False) -> None:
        """Stop after the document in progress; ``wait`` for that (the project is closing)."""
        self.timer.stop()
        if self.task is not None:
            self.task.cancel()
            self.task = None
        self.label.setVisible(False)
        if wait:
            self.idle.wait(30)

    def close(self) -> None:
        """The window closes: stop, and end the analysing process."""
        self.stop()
        self.analyser.close()

    def pause(self) -> None:
        """A search starts: it has the machine (a lemma search finishes the index itself)."""
        self.paused += 1
        self.stop()

    def resume(self) -> None:
        self.paused = max(0, self.paused - 1)
        if not self.paused:
            self.schedule()

    @property
    def running(self) -> bool:
        return self.task is not None

    def _start(self) -> None:
        project = self.w.project
        if project is None or project.readonly or self.paused or self.task is not None:
            return
        if not index_status(project).stale:
            return

        def work(
            progress: Callable[[int, int, str], None], cancelled: Callable[[], bool]
        ) -> object:
            try:
                return refresh_index(
                    project,
                    lambda done, total, _name: progress(done, total, ""),
                    lambda: self._wait_or_cancelled(cancelled),
                    BACKGROUND_BATCH_CHARACTERS,
                    self.analyser,
                )
            except Cancelled:
                return None
            finally:
                self.idle.set()

        task = Task(work)
        self.task = task
        self.idle.clear()
        task.signals.progress.connect(lambda done, total, _what: self._progress(task, done, total))
        task.signals.done.connect(lambda _status: self._finished(task, project))
        task.signals.failed.connect(lambda message: self._failed(task, message))
        task.start()

    def _progress(self, task: Task, done: int, total: int) -> None:
        if task is self.task and total:
            self.label.setText(f"Indexing for search: {done:,} of {total:,} documents")
            self.label.setVisible(True)

    def _finished(self, task: Task, project: Project) -> None:
        if task is not self.task:
            return
        self.task = None
        self.label.setVisible(False)
        if self.w.project is project and not task.cancelled and index_status(project).stale:
            self.schedule()  # documents came in while indexing

    def _failed(self, task: Task, message: str) -> None:
        if task is self.task:
            self.task = None
            self.label.setVisible(False)
            first = message.splitlines()[0] if message else "unknown error"
            self.w.statusBar().showMessage(f"The search index could not be prepared: {first}")
