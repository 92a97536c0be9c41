"""The import preview for a survey export: the layout with respondents and questions per file, and
column roles the user corrects before anything is written."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from qualcode.storage.models import Attribute, Document, Question
from qualcode.storage.project import Project
from qualcode.ui.shell.import_dialog import ImportDialog
from tests.importers.test_survey_layouts import qualtrics_file


def _summary(dialog: ImportDialog) -> str:
    top = dialog.preview.topLevelItem(0)
    return top.text(1) if top is not None else ""


def test_survey_preview_and_column_roles(qtbot, project_path: Path, tmp_path: Path) -> None:
    project = Project.create(project_path)
    dialog = ImportDialog(project)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.add_paths([qualtrics_file(tmp_path)])
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=10_000)
    assert _summary(dialog) == "Qualtrics CSV (3 header rows): 6 respondents, 3 questions"
    assert dialog.columns.isVisible()
    assert dialog.columns.roles["How old are you?"] == "attribute"
    assert dialog.columns.roles["Response ID"] == "id"
    with project.read() as s:
        assert s.scalars(select(Document)).all() == []  # the preview writes nothing

    # Age is asked as an open question after all; the guess is overridden, nothing clashes.
    dialog.columns.set_role("How old are you?", "question")
    qtbot.waitUntil(
        lambda: _summary(dialog).endswith("6 respondents, 4 questions")
        and dialog.import_button.isEnabled(),
        timeout=10_000,
    )
    # No respondent id: the respondents are numbered.
    dialog.columns.set_role("Response ID", "ignored")
    qtbot.waitUntil(
        lambda: any(c.name == "qualtrics R001" for c in dialog.batches[0].cases.values())
        and dialog.import_button.isEnabled(),
        timeout=10_000,
    )
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.import_button.click()
    with project.read() as s:
        labels = sorted(s.scalars(select(Question.label)))
        attributes = set(s.scalars(select(Attribute.name)))
    project.close()
    assert labels == ["Q1", "Q2", "Q3 other", "Q5"]
    assert "How old are you?" not in attributes
