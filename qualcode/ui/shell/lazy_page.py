"""A tab page that builds its real widget the first time it is shown.

Some tabs need pandas and matplotlib, which take about a second to load: longer than the rest of
the window together. Until a researcher opens such a tab, its page only remembers the project
(and whatever else a subclass keeps for it), and the window appears without those libraries.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

if TYPE_CHECKING:
    from qualcode.storage.project import Project


class LazyTab(Protocol):
    def set_project(self, project: Project | None) -> None: ...

    def mark_stale(self) -> None: ...


T = TypeVar("T", bound=QWidget)


class LazyPage(QWidget, Generic[T]):
    def __init__(self, build: Callable[[QWidget], T], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build = build
        self._tab: T | None = None
        self._project: Project | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> bool:
        return self._tab is not None

    def tab(self) -> T:
        """The real tab, built (with its libraries loaded) on first use."""
        if self._tab is None:
            self._tab = self._build(self)
            self._layout.addWidget(self._tab)
            self._lazy().set_project(self._project)
            self._on_built(self._tab)
        return self._tab

    def _on_built(self, tab: T) -> None:
        """What a subclass kept for the tab, handed over once it exists."""

    def _lazy(self) -> LazyTab:
        assert self._tab is not None
        return self._tab  # type: ignore[return-value]  # every lazily built tab has both

    def showEvent(self, event: QShowEvent) -> None:
        self.tab()
        super().showEvent(event)

    def set_project(self, project: Project | None) -> None:
        self._project = project
        if self._tab is not None:
            self._lazy().set_project(project)

    def mark_stale(self) -> None:
        if self._tab is not None:
            self._lazy().mark_stale()
