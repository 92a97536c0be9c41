"""Run one long export or import off the GUI thread, behind a progress dialog with Cancel.

The window's menus write workbooks, reports and REFI-QDA files that can take many seconds on a
large project; the window must keep painting, and Cancel must leave nothing behind. The services
these menus call take no cancel hook (they are the very functions the CLI calls), so cancelling
works on the *output*: an export is written into a hidden staging folder beside the target (same
file system, so moving it into place is a rename) and moved over the target only when the work
finished and was not cancelled; otherwise the staging folder is removed. Imports pass the
``cancelled`` check to the service, which rolls its one transaction back.

The work runs in :class:`~qualcode.ui.shell.workers.Task` (its public API only). Each work
function opens its own units of work: the project's engine gives every thread its own SQLite
connection. Errors reach the user as one line naming the file, never a traceback.
"""

from __future__ import annotations

import logging
import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from qualcode.domain.errors import Cancelled, QualCodeError
from qualcode.ui.shell.workers import Task

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
Check = Callable[[], bool]
Work = Callable[[Progress, Check], Any]


def error_text(exc: BaseException, file: str) -> str:
    """One line for the user about ``exc``, met while reading or writing ``file``."""
    if isinstance(exc, QualCodeError):
        text = str(exc)
    elif isinstance(exc, OSError):
        other = Path(str(exc.filename)).name if exc.filename else ""
        where = f"{file}: {other}" if other and other != file and other[0] != "." else file
        text = f"{where}: {exc.strerror or exc}"
    else:
        text = f"unexpected error ({type(exc).__name__}: {exc})"
    return text if file in text else f"{file}: {text}"


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    QMessageBox.warning(parent, title, message)


def staged_write(target: Path, write: Callable[[Path], object], cancelled: Check) -> list[Path]:
    """Call ``write(path)`` with ``target``'s name in a hidden folder beside it, then move what it
    wrote into ``target``'s folder; if ``cancelled()`` by then, move nothing. Returns the files
    moved into place (``target``, plus any siblings the writer added, such as CSV tables)."""
    folder = target.parent
    if not folder.is_dir():
        raise QualCodeError(f"{target.name}: the folder {folder} does not exist.")
    staging = folder / f".{target.name}.{uuid.uuid4().hex[:8]}.partial"
    try:
        staging.mkdir()
        write(staging / target.name)
        if cancelled():
            raise Cancelled(f"Export of {target.name} cancelled; no file was written.")
        written: list[Path] = []
        for made in sorted(staging.iterdir()):
            final = folder / made.name
            os.replace(made, final)
            written.append(final)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)


class LongTask(QObject):
    """One background job with its progress dialog. ``on_done`` gets the work's result on the GUI
    thread; a failure is shown as a message box (unless the user cancelled)."""

    def __init__(
        self,
        parent: QWidget,
        title: str,
        label: str,
        file: str,
        work: Work,
        on_done: Callable[[Any], None],
    ) -> None:
        super().__init__(parent)
        self.window = parent
        self.title = title
        self.file = file
        self.on_done = on_done
        self.cancelled = False
        self.finished = False
        self._open = True
        self.error: str | None = None
        self.task = Task(self._guarded(work))
        self.dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(0)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumWidth(420)
        self.dialog.canceled.connect(self.cancel)
        self.task.signals.progress.connect(self._progress)
        self.task.signals.done.connect(self._done)
        self.task.signals.failed.connect(self._failed)

    def _guarded(self, work: Work) -> Work:
        file = self.file

        def run(progress: Progress, cancelled: Check) -> Any:
            try:
                return work(progress, cancelled)
            except Cancelled:
                raise
            except Exception as exc:  # shown as one line; logged in full for a genuine bug
                if not isinstance(exc, QualCodeError | OSError):
                    log.exception("%s failed", file)
                raise QualCodeError(error_text(exc, file)) from None

        return run

    def start(self) -> LongTask:
        self.dialog.show()
        self.task.start()
        return self

    def cancel(self) -> None:
        """Stop waiting: the work is told to stop and whatever it produced is thrown away."""
        if self.finished or self.cancelled:
            return
        self.cancelled = True
        self.task.cancel()
        self._close()
        self._status(f"{self.title}: cancelled; nothing was written.")

    def _status(self, text: str) -> None:
        bar = getattr(self.window, "statusBar", None)
        if callable(bar):
            bar().showMessage(text, 10_000)

    def _progress(self, done: int, total: int, what: str) -> None:
        if not self.finished and total > 0:
            self.dialog.setRange(0, total)
            self.dialog.setValue(done)
            self.dialog.setLabelText(what)

    def _close(self) -> None:
        if self._open:
            self._open = False
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.close()
            self.dialog.deleteLater()

    def _done(self, result: Any) -> None:
        # after a late Cancel the work may still have completed (it was past its last check):
        # then it did happen, and the user is told so rather than shown a false "cancelled"
        self.finished = True
        self._close()
        if self.cancelled:
            self._status(f"{self.title}: finished before the cancel took effect.")
        self.on_done(result)

    def _failed(self, message: str) -> None:
        if self.cancelled:
            return
        self.finished = True
        self.error = message
        self._close()
        show_error(self.window, self.title, message)
