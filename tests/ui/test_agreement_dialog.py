"""Code › Coder Agreement…: the caution, the figures per code, a disagreement shown in the reader,
and the export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from qualcode.ui.shell.main_window import MainWindow
from tests.team.conftest import TwoCoders, two_coders_fixture  # noqa: F401
from tests.ui.exporting import finish
from tests.ui.team_window import shot, team_window_fixture  # noqa: F401


def cells(table: Any) -> list[list[str]]:
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def test_agreement_dialog_figures_jump_and_export(
    qtbot: Any, team_window: MainWindow, two_coders: TwoCoders, tmp_path: Path
) -> None:
    win = team_window
    dialog = win.team.show_agreement()
    assert dialog is not None
    labels = [w.text() for w in dialog.findChildren(type(dialog.status))]
    assert any("does not need it" in text for text in labels)  # the caution is on show
    assert dialog.chosen() == ["Alex", "Bea"]
    dialog.run()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=20_000)
    assert cells(dialog.figures) == [
        ["X", "65.0", "0.300", "0.316", "6"],
        ["Y", "100.0", "1.000", "1.000", "5"],
        ["All codes", "82.5", "0.622", "0.626", "11"],  # 40 units pooled: 11/4/3/22
    ]
    assert cells(dialog.places)[0] == ["Interview 1", "2–4", "X", "Alex", "Bea", "cd"]
    assert "1 document left out" in dialog.status.text()  # Interview 2: only Alex coded it
    assert "(Interview 2)" in dialog.status.toolTip()
    shot(dialog, "agreement_dialog")

    dialog.jump(2)
    assert win.current_document_id == two_coders.doc
    win.reader.snap_to_words = False
    dialog.jump(2)
    assert win.reader.selected_span() == (15, 18)

    out = tmp_path / "agreement.xlsx"
    finish(qtbot, dialog.export_to(out))
    book = openpyxl.load_workbook(out)
    row = [c.value for c in book["Agreement"][2]]
    assert row[0] == "X" and row[-2] == pytest.approx(0.3)
    assert f"Wrote {out}" == dialog.status.text()


def test_turn_unit_and_too_few_coders(qtbot: Any, team_window: MainWindow) -> None:
    dialog = team_window.team.show_agreement()
    assert dialog is not None
    dialog.unit.setCurrentIndex(dialog.unit.findData("turn"))
    dialog.run()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=20_000)
    assert cells(dialog.figures)[0][:3] == ["X", "25.0", "-0.500"]
    assert dialog.places.rowCount() == 3
    dialog.coders.item(1).setCheckState(dialog.coders.item(0).checkState().Unchecked)
    assert dialog.run() is None
    assert dialog.status.text() == "Tick at least two coders."


def test_a_failed_computation_can_be_tried_again(
    qtbot: Any,
    team_window: MainWindow,
    two_coders: TwoCoders,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The reason shows, and Compute is enabled again (it stayed greyed out before)."""
    from qualcode.domain.errors import QualCodeError
    from qualcode.ui.team import agreement_dialog

    def refuse(*_args: object) -> None:
        raise QualCodeError("Alex and Bea coded no document in common.")

    dialog = team_window.team.show_agreement()
    assert dialog is not None
    monkeypatch.setattr(agreement_dialog, "agreement", refuse)
    dialog.run()
    assert not dialog.compute.isEnabled()
    qtbot.waitUntil(dialog.compute.isEnabled, timeout=10_000)
    assert dialog.status.text() == "Alex and Bea coded no document in common."
    monkeypatch.undo()
    dialog.run()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=20_000)
