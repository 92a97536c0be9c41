"""The themes panel's counts, kept current without ever making a coding wait.

After a change to the themes or codes the counts are read afresh, in the background and in slices
(:func:`~qualcode.services.themes.evidence_cache.build_cache`); after a coding, only the codes
coded are re-read, once the researcher pauses, and the panel's count cells are updated in place:
no rebuild of the tree, no map, no phases. The codings made while a count runs are remembered and
re-read when it ends, so the counts always catch up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from qualcode.services.themes.evidence_cache import Counts, EvidenceCache, build_cache
from qualcode.storage.project import Project
from qualcode.ui.shell.workers import Task

if TYPE_CHECKING:
    from qualcode.ui.shell.main_window import MainWindow


class ThemeCounter:
    def __init__(self, window: MainWindow, after: Callable[[], None]) -> None:
        self.w = window
        self.after = after  # the controller's follow-up (an open review) once counts are in
        self.evidence: EvidenceCache | None = None
        self.dirty: set[int] | None = set()  # coded since the counts were read; None: unknown
        self.task: Task | None = None

    def full(self, project: Project) -> None:
        """Count everything again (themes, links or the participants may have changed)."""
        if self.task is not None:
            self.task.cancel()
        self.evidence, self.dirty = None, set()
        self._start(
            project, lambda _progress, cancelled: _counted(build_cache(project, cancelled)), None
        )

    def codings_changed(self, codes: frozenset[int] | None) -> None:
        """Codings of ``codes`` (None: of any code) were made, removed or undone."""
        if codes is None or self.dirty is None:
            self.dirty = None
        else:
            self.dirty |= codes

    def recount(self) -> None:
        """Bring the counts up to date with the codings made since they were read."""
        project = self.w.project
        if project is None or self.task is not None:
            return  # a running count calls back here when it ends
        if self.evidence is None or self.dirty is None:
            self.full(project)
            return
        if not self.dirty:
            return
        codes, base = set(self.dirty), self.evidence
        self._start(
            project, lambda _progress, _cancelled: _counted(base.updated(project, codes)), codes
        )

    def _start(
        self,
        project: Project,
        work: Callable[[Callable[[int, int, str], None], Callable[[], bool]], object],
        codes: set[int] | None,
    ) -> None:
        task = Task(work)
        self.task = task

        def counted(result: object) -> None:
            if task is not self.task or self.w.project is not project:
                return  # a newer count, or another project, took over
            self.task = None
            if not isinstance(result, tuple):
                return  # cancelled
            self.evidence, counts = result
            if codes is not None and self.dirty is not None:
                self.dirty -= codes
            self.w.themes_panel.update_counts(counts)
            if codes is not None:
                self.after()  # a full count comes with a refresh that did this already
            if self.dirty is None or self.dirty:
                self.recount()  # codings made while this count ran

        def failed(message: str) -> None:
            if task is self.task:
                self.task = None
                self.w.statusBar().showMessage(f"Theme counts could not be read: {message}")

        task.signals.done.connect(counted)
        task.signals.failed.connect(failed)
        task.start()


def _counted(cache: EvidenceCache | None) -> tuple[EvidenceCache, dict[int, Counts]] | None:
    """The cache with its theme counts, both computed off the GUI thread."""
    return None if cache is None else (cache, cache.counts())
