"""Dialogs that set up an autocoding: which code, which unit, and how much it will code.

Bulk coding is hard to eyeball, so the hits dialog previews, for every unit (match, sentence,
turn or answer, paragraph), how many places it would code, computed in a worker. The code is
picked as in Quick Code (fuzzy matching on code paths) or typed as a new name; a new code and its
codings are created as one change, so one undo removes both. The dialogs only describe the action
(:meth:`action`); the owner pushes it on the undo stack.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from qualcode.domain.errors import QualCodeError
from qualcode.domain.wording import noun, plural
from qualcode.services.coding import codes
from qualcode.services.coding.codings import Span
from qualcode.services.search.autocode import (
    UNITS,
    Unit,
    autocode_hits,
    autocode_parts,
    new_spans,
    part_spans,
    spans_for_hits,
)
from qualcode.services.search.search import Hit
from qualcode.services.search.search_choices import SearchChoices
from qualcode.services.undo.changes import Change
from qualcode.storage.project import Project
from qualcode.ui.coding.fuzzy import SEPARATOR
from qualcode.ui.coding.quick_code import fill_code_list
from qualcode.ui.search.search_restrict import CheckList
from qualcode.ui.shell.workers import Task

Apply = Callable[[Project, int], Change]
UNIT_LABELS = {
    "match": "The match only",
    "sentence": "Its sentence",
    "turn": "Its turn or answer",
    "paragraph": "Its paragraph",
}
_ID = Qt.ItemDataRole.UserRole


class CodeChooser(QWidget):
    """Type to find a code by its path, or type a new name to create one.

    It opens with nothing chosen (or with ``preselected``, the code selected in the codebook):
    bulk coding with a code the researcher never picked is a mistake that is easy to miss. Once
    they type, the best match is chosen, as in Quick Code."""

    changed = Signal()

    def __init__(
        self,
        paths: list[tuple[int, str]],
        parent: QWidget | None = None,
        preselected: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._paths = paths
        self._preselected = preselected
        self.edit = QLineEdit(placeholderText="Type part of a code's name, or a new name…")
        self.edit.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setUniformItemSizes(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.list)
        self.edit.textChanged.connect(self._filter)
        self.list.currentRowChanged.connect(lambda _row: self.changed.emit())
        self._filter("")

    def _filter(self, text: str) -> None:
        fill_code_list(self.list, text, self._paths)
        if not self.list.count() or not text.strip():
            self.list.setCurrentRow(-1)
            if not text.strip() and self._preselected is not None:
                self._select(self._preselected)
        self.changed.emit()

    def _select(self, code_id: int) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(_ID) == code_id:
                self.list.setCurrentRow(row)
                return
        path = next((p for i, p in self._paths if i == code_id), None)
        if path is not None:  # beyond the first screenful shown for an empty filter
            self.edit.setText(path)

    def choice(self) -> tuple[int | None, str]:
        """(code id, its path) or (None, the new name); (None, "") when nothing is chosen."""
        item = self.list.currentItem()
        if item is None:
            return None, ""
        if item.data(_ID) is None:
            return None, " ".join(self.edit.text().split())
        return int(item.data(_ID)), item.text()


class _AutocodeBase(QDialog):
    """A code chooser above what is coded, with OK enabled once both are chosen."""

    def __init__(
        self,
        title: str,
        paths: list[tuple[int, str]],
        parent: QWidget | None,
        preselected: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.chooser = CodeChooser(paths, preselected=preselected)
        self.chooser.changed.connect(self._update)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.note = QLabel()
        self.note.setWordWrap(True)

    def _places(self) -> int | None:
        return None

    def _update(self) -> None:
        _code_id, name = self.chooser.choice()
        ok = bool(name) and self._places() != 0
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def _action(self, apply: Apply) -> Callable[[Project], Change] | None:
        code_id, name = self.chooser.choice()
        if code_id is not None:
            return lambda p: apply(p, code_id)
        if not name:
            return None
        label = self.label()

        return lambda p: codes.create_then(p, name, lambda code_id: apply(p, code_id), label)

    def code_name(self) -> str:
        return self.chooser.choice()[1].rsplit(SEPARATOR, 1)[-1].strip()

    def label(self) -> str:
        return f"Autocode with '{self.code_name()}'"


class AutocodeDialog(_AutocodeBase):
    """Code the checked search hits: choose the code and the unit; see what each unit codes."""

    def __init__(
        self,
        project: Project,
        hits: Sequence[Hit],
        paths: list[tuple[int, str]],
        parent: QWidget | None = None,
        preselected: int | None = None,
    ) -> None:
        super().__init__(f"Code {plural(len(hits), 'checked hit')}", paths, parent, preselected)
        self.project, self.hits = project, list(hits)
        self.counts: dict[str, tuple[int, int]] = {}
        self.spans: dict[str, list[Span]] = {}
        self._fresh: dict[tuple[int, str], int] = {}
        self.units = QButtonGroup(self)
        box = QGridLayout()
        for row, unit in enumerate(UNITS):
            button = QRadioButton(UNIT_LABELS[unit])
            button.setProperty("unit", unit)
            self.units.addButton(button, row)
            box.addWidget(button, row, 0)
            box.addWidget(QLabel("…"), row, 1)
        box.setColumnStretch(2, 1)
        self._grid = box
        self.units.button(UNITS.index("sentence")).setChecked(True)
        self.units.idToggled.connect(self._unit_toggled)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Code</b>"))
        layout.addWidget(self.chooser, 1)
        layout.addWidget(QLabel("<b>Code what, for each hit</b>"))
        layout.addLayout(box)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.resize(520, 480)
        project, hits = self.project, self.hits  # the worker must not touch the dialog
        self.task = Task(lambda _p, _c: self._preview(project, hits))
        self.task.signals.done.connect(self._previewed)
        self.task.signals.failed.connect(self.note.setText)
        self.task.start()
        self._update()

    @staticmethod
    def _preview(project: Project, hits: list[Hit]) -> dict[str, list[Span]]:
        return {unit: spans_for_hits(project, hits, unit) for unit in UNITS}

    def _previewed(self, spans: dict[str, list[Span]]) -> None:
        self.spans = spans
        self.counts = {u: (len(s), len({x.document_id for x in s})) for u, s in spans.items()}
        for row, unit in enumerate(UNITS):
            places, docs = self.counts[unit]
            cell = self._grid.itemAtPosition(row, 1)
            label = cell.widget() if cell is not None else None
            assert isinstance(label, QLabel)
            label.setText(f"{plural(places, 'place')} in {plural(docs, 'document')}")
        self._update()

    def _unit_toggled(self, _id: int, on: bool) -> None:
        if on:
            self._update()

    def unit(self) -> Unit:
        button = self.units.checkedButton()
        assert button is not None  # an exclusive group; "sentence" is checked from the start
        return UNITS[self.units.id(button)]  # each button's id is its unit's index

    def _places(self) -> int | None:
        """Places the chosen unit would code, less those the chosen code already covers."""
        spans = self.spans.get(self.unit())
        if spans is None:
            return None
        code_id, _name = self.chooser.choice()
        if code_id is None:
            return len(spans)
        key = (code_id, self.unit())
        if key not in self._fresh:
            try:  # one indexed read of the code's codings: quick enough for the GUI thread
                self._fresh[key] = len(new_spans(self.project, code_id, spans))
            except QualCodeError:
                self._fresh[key] = len(spans)
        return self._fresh[key]

    def _update(self) -> None:
        super()._update()
        places = self._places()
        code_id, name = self.chooser.choice()
        if places is None:
            self.note.setText("Counting the places each unit would code…")
        elif not name:
            self.note.setText("Choose a code, or type the name of a new one.")
        else:
            what = name if code_id is not None else f"a new code “{name}”"
            skipped = len(self.spans.get(self.unit(), [])) - places
            already = f" ({skipped:,} it already codes are skipped)" if skipped else ""
            if places == 0:
                self.note.setText(f"{name} already codes every one of these places.")
            else:
                self.note.setText(
                    f"Will code <b>{places:,}</b> {noun(places, 'place')} with {what}{already}. "
                    "One Undo removes them all."
                )

    def label(self) -> str:
        unit = {"match": "match", "turn": "turn or answer"}.get(self.unit(), self.unit())
        return f"Autocode {plural(len(self.hits), 'hit')} by {unit} with '{self.code_name()}'"

    def action(self) -> Callable[[Project], Change] | None:
        hits, unit = self.hits, self.unit()
        return self._action(lambda p, code_id: autocode_hits(p, code_id, hits, unit))


class PartsDialog(_AutocodeBase):
    """Code whole turns of chosen speakers and/or whole answers to chosen questions."""

    def __init__(
        self,
        choices: SearchChoices,
        paths: list[tuple[int, str]],
        parent: QWidget | None = None,
        project: Project | None = None,
        preselected: int | None = None,
    ) -> None:
        super().__init__("Autocode by speaker or question", paths, parent, preselected)
        self.project = project
        self.speakers = CheckList("Filter speakers…")
        self.questions = CheckList("Filter questions…")
        self.speakers.fill_speakers(choices)
        self.questions.fill_questions(choices)
        for widget in (self.speakers, self.questions):
            widget.list.itemChanged.connect(lambda _item: self._update())
        grid = QGridLayout()
        grid.addWidget(QLabel("<b>Every turn of</b>"), 0, 0)
        grid.addWidget(QLabel("<b>Every answer to</b>"), 0, 1)
        grid.addWidget(self.speakers, 1, 0)
        grid.addWidget(self.questions, 1, 1)
        grid.setColumnStretch(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(grid, 2)
        layout.addWidget(QLabel("<b>With the code</b>"))
        layout.addWidget(self.chooser, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.resize(820, 620)
        self._update()

    def _places(self) -> int | None:
        return len(self.speakers.checked_ids()) + len(self.questions.checked_ids())

    def _update(self) -> None:
        super()._update()
        speakers, questions = self.speakers.checked_ids(), self.questions.checked_ids()
        if speakers and questions:
            text = "Codes the checked speakers' answers to the checked questions."
        elif speakers:
            text = f"Codes every turn or answer of {plural(len(speakers), 'speaker')}."
        elif questions:
            text = f"Codes every answer to {plural(len(questions), 'question')}."
        else:
            text = "Check speakers and/or questions."
        if (speakers or questions) and self.project is not None:
            try:  # two indexed reads: quick enough to follow each tick
                spans = part_spans(self.project, speaker_ids=speakers, question_ids=questions)
                code_id, _name = self.chooser.choice()
                fresh = spans if code_id is None else new_spans(self.project, code_id, spans)
            except QualCodeError as exc:
                self.note.setText(str(exc))
                return
            docs = len({sp.document_id for sp in fresh})
            skipped = len(spans) - len(fresh)
            text += (
                f" That is <b>{len(fresh):,}</b> "
                f"{noun(len(fresh), 'turn or answer', 'turns or answers')}"
                f" in {plural(docs, 'document')}"
                + (f" ({skipped:,} already coded with it are skipped)" if skipped else "")
                + "."
            )
        self.note.setText(text + " One Undo removes it all.")

    def action(self) -> Callable[[Project], Change] | None:
        speakers, questions = self.speakers.checked_ids(), self.questions.checked_ids()
        return self._action(
            lambda p, code_id: autocode_parts(
                p, code_id, speaker_ids=speakers, question_ids=questions
            )
        )
