"""The Sample & survey tab, offscreen at 1280×720: pick a question, cross-tabulate it, change the
small-cell rule, follow a change to the data, and export the tables from the menu."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlalchemy import select as sql

from qualcode.services.documents.cases import find_case, set_attribute_value
from qualcode.storage.models import Attribute
from qualcode.ui.shell.main_window import MainWindow
from qualcode.ui.survey.survey_tab import SurveyTab
from tests.survey.world import AREA, INSTRUMENT, ROWS, USED, VISITS
from tests.ui.exporting import answer, cli, finish, make_boxes, save_to, select, workbook_values

RAW = pd.DataFrame(ROWS).replace("", pd.NA)


@pytest.fixture
def window(qtbot: Any, survey_path: Path) -> Iterator[MainWindow]:
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1280, 720)
    win.show()
    assert win.open_project(survey_path)
    yield win
    win.close()


def _open(window: MainWindow, qtbot: Any) -> SurveyTab:
    view = next(a for a in window.menuBar().actions() if a.text() == "&View").menu()
    next(a for a in view.actions() if a.text() == "&Sample && survey").trigger()
    assert window.tabs.currentWidget() is window.survey_page
    tab = window.survey_page.tab()
    _settle(tab, qtbot)
    return tab


def _settle(tab: SurveyTab, qtbot: Any) -> None:
    qtbot.wait(20)
    qtbot.waitUntil(
        lambda: tab.view is not None and not tab.busy() and tab.chart.rendered_dpi > 0,
        timeout=60_000,
    )


def _cell(tab: SurveyTab, row: str, column: str) -> str:
    return str(tab.model.frame.at[row, column])


def test_pick_question_crosstab_rule_refresh_and_export(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = _open(window, qtbot)
    select(tab.question, VISITS)
    assert _cell(tab, "Monthly", "N") == "4*" and _cell(tab, "Weekly", "N") == "5"
    assert "Base: 21 respondents who answered (of 24 asked; 3 did not answer)." in (
        tab.caption.text()
    )
    assert tab.chart.figure is not None
    # the crosstab: column counts and bases as pandas counts them from the raw rows
    select(tab.by, AREA)
    _settle(tab, qtbot)
    both = RAW.dropna(subset=[VISITS])
    expected = pd.crosstab(both[VISITS], both[AREA])
    assert _cell(tab, "Rarely", "North N").rstrip("*") == str(expected.at["Rarely", "North"])
    assert _cell(tab, "Base (answered)", "South N") == str(expected["South"].sum())
    select(tab.mode, True)  # suppress
    assert _cell(tab, "Monthly", "All N") == "<5" and _cell(tab, "Monthly", "All %") == ""
    select(tab.question, USED)
    _settle(tab, qtbot)
    window.grab().save(str(tmp_path / "survey-tab.png"))
    window.grab().save("/tmp/h19b-survey-tab.png")
    # the overview follows a change to the data
    select(tab.overview_pick, "survey:0")
    assert tab.overview_model.frame.at[AREA, "Answered"] == f"{RAW[AREA].notna().sum():,}"
    project = window.project
    assert project is not None
    with project.read() as s:
        area = s.scalar(sql(Attribute.id).where(Attribute.name == AREA))
    silent = RAW.index[RAW[AREA].isna()][0]
    set_attribute_value(
        project, area, "East", case_id=find_case(project, f"{INSTRUMENT} {ROWS[silent]['ID']}")
    )
    window.refresh()
    _settle(tab, qtbot)
    assert tab.overview_model.frame.at[AREA, "Answered"] == f"{RAW[AREA].notna().sum() + 1:,}"
    # File › Export › Survey tables… with the tab's own choices
    make_boxes(monkeypatch)
    shown = answer(monkeypatch)
    out = tmp_path / "tables.xlsx"
    save_to(monkeypatch, out)
    tab.export_button.click()
    task = finish(qtbot, window.export_menu.task)
    assert task.error is None and out.exists()
    assert shown[0].options().crosstab == AREA and shown[0].options().suppress
    contents = load_workbook(out)["Contents"]
    assert any(f"cross-tabulated by '{AREA}'" in str(c.value) for c in contents["A"])


def test_file_export_survey_tables_writes_what_the_cli_writes(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_boxes(monkeypatch)

    def setup(dialog: Any) -> None:
        select(dialog.crosstab, AREA)
        dialog.min_cell.setValue(3)
        dialog.suppress.setChecked(True)

    shown = answer(monkeypatch, setup)
    out = tmp_path / "menu.xlsx"
    save_to(monkeypatch, out)
    window.export_menu.actions["survey"].trigger()
    task = finish(qtbot, window.export_menu.task)
    assert task.error is None
    args = shown[0].options().cli_args()
    assert args == ["--crosstab", AREA, "--min-cell", "3", "--suppress"]
    assert window.project is not None
    cli("export", "survey", str(window.project.path), str(tmp_path / "cli.xlsx"), *args)
    assert workbook_values(out) == workbook_values(tmp_path / "cli.xlsx")
