"""Timing the codebook tree: a large codebook must load and redraw without a visible pause.

The budget is 200 ms for 1,000 codes from ``set_rows`` to a painted, fully expanded tree. Each
step is timed on its own so a regression points at its cause (model build, layout, painting).
Run ``python -m benchmarks.codebook_bench [codes]``; Qt runs offscreen when no app exists.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import replace

from qualcode.services.coding.overview import CodeRow

BUDGET_MS = 200.0
_PALETTE = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#46f0f0", "#f032e6"]
_WORDS = ["access", "waiting", "delays", "staff", "trust", "housing", "money", "travel", "stigma"]


def synthetic_rows(codes: int) -> list[CodeRow]:
    """A codebook shaped like a real one: ~5% top-level themes, sub-codes two levels deep."""
    rows: list[CodeRow] = []
    tops = max(codes // 20, 1)
    for i in range(1, codes + 1):
        if i <= tops:
            parent = None
        elif i <= tops * 5:
            parent = (i - 1) % tops + 1
        else:
            parent = tops + (i - 1) % (tops * 4) + 1
        name = f"{_WORDS[i % len(_WORDS)].capitalize()} {_WORDS[(i * 7) % len(_WORDS)]} {i}"
        definition = "" if i % 3 else f"Extracts about {name.lower()}."
        colour = _PALETTE[i % len(_PALETTE)]
        rows.append(CodeRow(i, name, parent, colour, definition, (i * 37) % 500, (i * 11) % 40))
    return rows


def bench_codebook(codes: int = 1000) -> list[tuple[str, float, str]]:
    """(step, milliseconds, note) for loading and showing ``codes`` codes in a CodebookView."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QTreeView

    from qualcode.ui.coding.codebook_model import CodebookModel
    from qualcode.ui.coding.codebook_view import CodebookView

    app = QApplication.instance() or QApplication(sys.argv[:1])
    rows = synthetic_rows(codes)
    results: list[tuple[str, float, str]] = []

    def timed(step: str, action: Callable[[], object], note: str = "") -> float:
        started = time.perf_counter()
        action()
        elapsed = (time.perf_counter() - started) * 1000
        results.append((step, elapsed, note))
        return elapsed

    model = CodebookModel()
    total = timed("set_rows (model only)", lambda: model.set_rows(rows), f"{codes} codes")
    plain = QTreeView()
    plain.setUniformRowHeights(True)
    plain.setModel(model)
    plain.resize(420, 700)

    def show_plain() -> None:
        plain.show()
        app.processEvents()

    total += timed("QTreeView show", show_plain)
    total += timed("expandAll", plain.expandAll)
    total += timed("first paint", lambda: plain.viewport().repaint())
    results.append(("total: set_rows + show + expandAll + paint", total, _verdict(total)))
    plain.close()

    view = CodebookView()
    view.setModel(model)
    view.resize(420, 700)
    view.show()
    app.processEvents()
    model.set_pinned({i: i for i in range(1, 10)})

    def reload() -> None:
        model.set_rows(rows)  # the view re-expands and restores its selection itself
        view.viewport().repaint()

    view.select_code(codes // 2)
    step = "CodebookView reload (set_rows + re-expand + paint)"
    took = timed(step, reload)
    results[-1] = (step, took, _verdict(took))
    bumped = [replace(r, codings=r.codings + 1) for r in rows]
    timed("update_counts (all changed)", lambda: model.update_counts(bumped), "dataChanged only")
    timed("refresh (same shape, nothing changed)", lambda: model.refresh(bumped))
    timed("paths() for Quick Code", model.paths)
    view.close()
    return results


def _verdict(ms: float) -> str:
    return f"{'within' if ms <= BUDGET_MS else 'OVER'} the {BUDGET_MS:.0f} ms budget"


def main() -> None:
    codes = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    for step, ms, note in bench_codebook(codes):
        print(f"{step:<55} {ms:8.1f} ms  {note}")


if __name__ == "__main__":
    main()
