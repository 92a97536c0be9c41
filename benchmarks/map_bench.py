"""Timing the thematic map: a large analysis must open and refresh without a visible pause.

The budget is one second for 60 themes and 1,000 codes from ``set_data`` to a painted view; a
refresh (what follows every drag, since the owner redraws after saving) should be well under it.
Run ``python -m benchmarks.map_bench [themes] [codes]``; Qt runs offscreen when no app exists.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import replace

from qualcode.ui.themes.map_model import STATUSES, MapCode, MapData, MapTheme

BUDGET_S = 1.0
_PALETTE = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#9a6324"]
_WORDS = ["access", "waiting", "delays", "staff", "trust", "housing", "money", "travel", "stigma"]


def synthetic_map(themes: int = 60, codes: int = 1000) -> MapData:
    """A map shaped like a real one: a third of themes are sub-themes, one Miscellaneous theme,
    every status present, most codes in one theme, some in two, a few in none."""
    theme_rows: list[MapTheme] = []
    tops = max(themes * 2 // 3, 1)
    for i in range(1, themes + 1):
        parent = None if i <= tops else (i - tops - 1) % tops + 1
        name = f"{_WORDS[i % len(_WORDS)].capitalize()} and {_WORDS[(i * 5) % len(_WORDS)]} {i}"
        status = STATUSES[i % len(STATUSES)]
        theme_rows.append(
            MapTheme(i, name, parent, status, _PALETTE[i % len(_PALETTE)], False, None, None)
        )
    if theme_rows:
        theme_rows[-1] = replace(
            theme_rows[-1], name="Miscellaneous", parent_id=None, is_miscellaneous=True
        )
    code_rows = [
        MapCode(i, f"{_WORDS[i % 9].capitalize()} {_WORDS[(i * 7) % 9]} {i}", _PALETTE[i % 8])
        for i in range(1, codes + 1)
    ]
    links: list[tuple[int, int]] = []
    for i in range(1, codes + 1):
        if themes and i % 25:  # every 25th code is in no theme yet
            links.append(((i * 7) % themes + 1, i))
            if i % 10 == 0:
                links.append(((i * 13) % themes + 1, i))
    return MapData(theme_rows, code_rows, sorted(set(links)))


def bench_map(themes: int = 60, codes: int = 1000) -> list[tuple[str, float, str]]:
    """(step, seconds, note) for loading, painting and refreshing a ThematicMapView."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from qualcode.ui.themes.thematic_map import ThematicMapView

    app = QApplication.instance() or QApplication(sys.argv[:1])
    results: list[tuple[str, float, str]] = []

    def timed(step: str, action: Callable[[], object], note: str = "") -> float:
        started = time.perf_counter()
        action()
        elapsed = time.perf_counter() - started
        results.append((step, elapsed, note))
        return elapsed

    data = synthetic_map(themes, codes)
    view = ThematicMapView()
    view.resize(1200, 800)
    note = f"{themes} themes, {codes} codes, {len(data.links)} links"
    total = timed("set_data (layout + scene build)", lambda: view.set_data(data), note)

    def show_view() -> None:
        view.show()
        app.processEvents()

    total += timed("show + first paint (fitted)", show_view)
    total += timed("repaint", lambda: view.viewport().repaint())
    results.append(("total: open", total, "OK" if total < BUDGET_S else f"over {BUDGET_S} s"))
    view.zoom_by(4.0)
    timed("zoom in x4 + paint", lambda: view.viewport().repaint())
    moved = replace(data, themes=[replace(data.themes[0], x=0.0, y=-400.0), *data.themes[1:]])

    def refresh() -> None:
        view.set_data(moved)
        view.viewport().repaint()

    timed("set_data refresh + paint", refresh, "after a node move")
    view.close()
    return results


def main(argv: list[str]) -> int:
    themes = int(argv[1]) if len(argv) > 1 else 60
    codes = int(argv[2]) if len(argv) > 2 else 1000
    for step, seconds, note in bench_map(themes, codes):
        print(f"{step:<36} {seconds * 1000:8.1f} ms  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
