"""The Counts & charts tab, built the first time it is shown (it needs pandas and matplotlib:
see :mod:`qualcode.ui.shell.lazy_page`). Until then the page also remembers the codes selected
in the codebook."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from qualcode.ui.shell.lazy_page import LazyPage

if TYPE_CHECKING:
    from qualcode.ui.counts.counts_tab import CountsTab


def _build(parent: QWidget) -> CountsTab:
    from qualcode.ui.counts.counts_tab import CountsTab

    return CountsTab(parent)


class CountsPage(LazyPage["CountsTab"]):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_build, parent)
        self._codes: list[int] = []

    def _on_built(self, tab: CountsTab) -> None:
        if self._codes:
            tab.set_selected_codes(self._codes)

    def set_selected_codes(self, ids: list[int]) -> None:
        self._codes = list(ids)
        if self._tab is not None:
            self._tab.set_selected_codes(ids)
