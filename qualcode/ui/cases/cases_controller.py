"""The Cases tab in the window: installs the panel, the Cases menu and View › Cases, and turns
the panel's requests into undoable service calls.

Every edit goes through the window's one command path (``coding.run``: one transaction, one step
on the undo stack, one ``changed`` signal), so Edit › Undo puts a value back in the sheet, and
the sheet follows changes made elsewhere (an import, a speaker linked in the document panel, a
sheet imported) because it refreshes from the same :class:`Changes` as every view. The sheet is
read only while its tab is shown; a change while it is hidden marks it stale.

The window calls :func:`install` once, after its menus are built.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QInputDialog, QMenu, QMessageBox

from qualcode.domain.changes import CASES, Changes
from qualcode.domain.values import AttributeType
from qualcode.domain.wording import plural
from qualcode.services.documents import cases
from qualcode.services.participants import case_table as table_service
from qualcode.services.participants.derived import derived_definitions
from qualcode.services.undo.changes import Change, combine
from qualcode.storage.project import Project
from qualcode.ui.cases.attribute_dialog import AttributeDialog
from qualcode.ui.cases.cases_panel import CasesPanel
from qualcode.ui.shell.long_task import LongTask
from qualcode.ui.shell.menus import menu_named

if TYPE_CHECKING:
    from qualcode.ui.shell.main_window import MainWindow

# what the sheet shows: cases, their values, and who speaks in which document
KINDS = CASES | {"part", "document"}
GO_KEY = "Ctrl+Shift+C"  # C for cases
YES_NO = ("yes", "no")


class CasesController(QObject):
    def __init__(self, window: MainWindow, panel: CasesPanel) -> None:
        super().__init__(window)
        self.w, self.panel = window, panel
        self.stale = True
        self.dialog: QDialog | None = None  # the sheet, band or recode dialog last opened
        self.menu: QMenu | None = None
        self.task: LongTask | None = None  # the last export, for the tests and the eye
        window.changed.connect(self.on_changes)
        window.tabs.currentChanged.connect(lambda _i: self._shown())
        model = panel.model
        model.on_edit = self.edit
        model.on_flag = self.flag
        panel.addRequested.connect(self.add)
        panel.renameRequested.connect(self.rename)
        panel.mergeRequested.connect(self.merge)
        panel.deleteRequested.connect(self.delete)
        panel.bulkSetRequested.connect(self.bulk_set)
        panel.clearRequested.connect(self.clear)
        panel.documentRequested.connect(lambda doc: window.jump_to(doc, 0, 0))
        panel.newAttributeRequested.connect(self.new_attribute)
        panel.importRequested.connect(self.import_sheet)
        panel.exportRequested.connect(self.export_sheet)
        panel.bandRequested.connect(self.derive_bands)
        panel.recodeRequested.connect(self.recode)
        self.show_action = QAction("&Cases", window)
        self.show_action.setShortcut(QKeySequence(GO_KEY))
        self.show_action.setStatusTip("The participants and their attributes, as a sheet")
        self.show_action.triggered.connect(lambda _=False: self.show())
        self.speakers_action = QAction("S&peakers…", window)
        self.speakers_action.setStatusTip("Link each speaker label of the document to a person")
        self.speakers_action.triggered.connect(lambda _=False: self.open_speakers())
        window.documents.tree.itemSelectionChanged.connect(self._document_chosen)
        self._document_chosen()

    @property
    def project(self) -> Project | None:
        return self.w.project

    # -- reading --------------------------------------------------------------------------------
    def on_changes(self, changes: Changes) -> None:
        if changes.touches(KINDS):
            self.stale = True
            self._shown()

    def _shown(self) -> None:
        if self.stale and self.w.tabs.currentWidget() is self.panel:
            self.refresh()

    def refresh(self) -> None:
        project = self.project
        self.stale = False
        if project is None:
            self.panel.set_table(table_service.CaseTable((), ()))
            return
        table = table_service.case_table(project)
        ids = {a.name: a.id for a in table.attributes}
        derived = {
            ids[d.name]: (f"bands of {d.source}" if d.kind == "band" else f"{d.source}, recoded")
            for d in derived_definitions(project)
            if d.scope == "case" and d.name in ids
        }
        self.panel.set_table(table, derived)

    def show(self) -> None:
        """Bring the Cases tab to the front with the focus on the sheet."""
        self.w.tabs.setCurrentWidget(self.panel)
        self._shown()
        self.panel.view.setFocus()

    # -- running --------------------------------------------------------------------------------
    def run(self, label: str, action: Callable[[Project], Change]) -> Change | None:
        """One undoable action; a refusal is shown above the sheet in the service's words."""
        change = self.w.coding.run(label, action, self.panel.say)
        if change is not None:
            self.panel.say("")
        return change

    def edit(self, case_id: int, attribute_id: int | None, raw: str) -> None:
        if attribute_id is None:
            self.run("Rename case", lambda p: cases.rename_case(p, case_id, raw))
            return
        name = next((a.name for a in self.panel.model.table.attributes if a.id == attribute_id), "")
        self.run(
            f"Set {name}",
            lambda p: cases.set_attribute_value(p, attribute_id, raw, case_id=case_id),
        )

    def flag(self, case_id: int, on: bool) -> None:
        label = "Mark facilitator" if on else "Mark participant"
        self.run(label, lambda p: table_service.set_facilitator(p, case_id, on))

    def _names(self, ids: list[int]) -> dict[int, str]:
        return {c.id: c.name for c in self.panel.model.table.cases if c.id in ids}

    # -- cases ----------------------------------------------------------------------------------
    def add(self) -> None:
        name, ok = QInputDialog.getText(self.w, "Add case", "Name (a pseudonym) of the new case:")
        if ok and name.strip():
            change = self.run(f"Add case '{name.strip()}'", lambda p: cases.create_case(p, name))
            if change is not None and change.entity_id is not None:
                self.show()
                self.panel.select_cases([change.entity_id])

    def rename(self, case_id: int) -> None:
        old = self._names([case_id]).get(case_id, "")
        name, ok = QInputDialog.getText(self.w, "Rename case", "New name of the case:", text=old)
        if ok and name.strip() and name.strip() != old:
            self.run(f"Rename '{old}'", lambda p: cases.rename_case(p, case_id, name))

    def merge(self, ids: list[int]) -> None:
        names = self._names(ids)
        if len(names) < 2:
            self.panel.say("Select two or more cases to merge.")
            return
        listed = [names[i] for i in ids if i in names]
        keep, ok = QInputDialog.getItem(
            self.w,
            "Merge cases",
            f"Merge {plural(len(listed), 'case')} into one. Keep the name:",
            listed,
            0,
            False,
        )
        if not ok or keep not in listed:
            return
        keep_id = next(i for i, n in names.items() if n == keep)
        others = [i for i in ids if i != keep_id and i in names]
        change = self.run(
            f"Merge into '{keep}'", lambda p: table_service.merge_cases(p, keep_id, others)
        )
        if change is not None:
            self.panel.select_cases([keep_id])
            if "differed" in change.summary:
                QMessageBox.information(self.w, "Merge cases", change.summary)

    def delete(self, ids: list[int]) -> None:
        names = self._names(ids)
        if not names:
            return
        rows = [c for c in self.panel.model.table.cases if c.id in names]
        turns = sum(c.parts for c in rows)
        what = f"'{rows[0].name}'" if len(rows) == 1 else plural(len(rows), "case")
        question = f"Delete {what}?"
        if turns:
            question += (
                f" {plural(turns, 'turn or answer', 'turns or answers')} stay in their "
                "documents without a speaker."
            )
        question += " You can undo this."
        answer = QMessageBox.question(
            self.w,
            "Delete cases",
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        label = f"Delete {what}"
        self.run(label, lambda p: combine([cases.delete_case(p, i) for i in names], label))

    def bulk_set(self, ids: list[int]) -> None:
        table = self.panel.model.table
        if not ids or not table.attributes:
            return
        names = [a.name for a in table.attributes]
        chosen, ok = QInputDialog.getItem(
            self.w,
            "Set value",
            f"Set which attribute on {plural(len(ids), 'case')}?",
            names,
            0,
            False,
        )
        if not ok or chosen not in names:
            return
        attr = table.attributes[names.index(chosen)]
        prompt = f"{attr.name} for {plural(len(ids), 'case')} (empty clears it):"
        if attr.type == AttributeType.BOOLEAN or attr.options:
            choices = list(YES_NO if attr.type == AttributeType.BOOLEAN else attr.options)
            value, ok = QInputDialog.getItem(
                self.w, "Set value", prompt, [*choices, "(not set)"], 0, False
            )
            value = "" if value == "(not set)" else value
        else:
            value, ok = QInputDialog.getText(self.w, "Set value", prompt)
        if ok:
            self.run(
                f"Set {attr.name} on {plural(len(ids), 'case')}",
                lambda p: table_service.bulk_set(p, ids, attr.name, value),
            )

    def clear(self, ids: list[int], attribute_name: str) -> None:
        """Clear one attribute's value on the selected cases (one undo step)."""
        if ids:
            self.run(
                f"Clear {attribute_name} on {plural(len(ids), 'case')}",
                lambda p: table_service.bulk_set(p, ids, attribute_name, ""),
            )

    def new_attribute(self) -> None:
        dialog = AttributeDialog(self.w)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        name, kind, values = dialog.name.text(), dialog.type_(), dialog.values()
        self.run(
            f"Add attribute '{name.strip()}'",
            lambda p: cases.define_attribute(p, name, kind, "case", values or None),
        )

    # -- speakers of a document ----------------------------------------------------------------
    def _document_chosen(self) -> None:
        self.speakers_action.setEnabled(self.w.documents.current_document() is not None)

    def open_speakers(self, doc_id: int | None = None) -> QDialog | None:
        """Document › Speakers…: the speaker labels of the chosen (or open) document."""
        from qualcode.ui.cases.speakers_dialog import SpeakersDialog

        doc = doc_id or self.w.documents.current_document() or self.w.current_document_id
        if self.project is None or doc is None:
            self.w.statusBar().showMessage("Select a document in the Documents panel first.", 5_000)
            return None
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = SpeakersDialog(self.w, doc)
        self.dialog.show()
        return self.dialog

    # -- sheets, bands, recodes (their dialogs load when first asked for) -----------------------
    def import_sheet(self) -> None:
        from qualcode.ui.cases import sheet_dialog

        self.dialog = sheet_dialog.import_sheet(self.w)

    def export_sheet(self) -> None:
        from qualcode.ui.cases import sheet_dialog

        self.task = sheet_dialog.export_sheet(self.w)

    def derive_bands(self) -> None:
        from qualcode.ui.cases import derive_dialogs

        self.dialog = derive_dialogs.open_band_dialog(self.w)

    def recode(self) -> None:
        from qualcode.ui.cases import derive_dialogs

        self.dialog = derive_dialogs.open_recode_dialog(self.w)


def install(window: MainWindow) -> CasesController:
    """Add the Cases tab, the Cases menu (before Code) and View › Cases."""
    panel = CasesPanel()
    window.tabs.addTab(panel, "Cases")
    controller = CasesController(window, panel)
    menu = QMenu("C&ases", window)
    menu.addAction(controller.show_action)
    menu.addSeparator()
    for text, slot in (
        ("&New case…", controller.add),
        ("New &attribute…", controller.new_attribute),
        (None, None),
        ("&Import participant sheet…", controller.import_sheet),
        ("&Export participant sheet…", controller.export_sheet),
        (None, None),
        ("Derive &bands…", controller.derive_bands),
        ("&Recode values…", controller.recode),
    ):
        if text is None or slot is None:
            menu.addSeparator()
            continue
        action = menu.addAction(text)
        action.triggered.connect(lambda _=False, run=slot: run())
    bar = window.menuBar()
    before = next((a for a in bar.actions() if a.text().replace("&", "") == "Code"), None)
    if before is None:
        bar.addMenu(menu)
    else:
        bar.insertMenu(before, menu)
    controller.menu = menu
    window.document_actions.more.append(controller.speakers_action)  # the panel's right-click
    document = menu_named(window, "Document")
    if document is not None:
        after = next(
            (a for a in document.actions() if a.text().replace("&", "").startswith("Document At")),
            None,
        )
        at = document.actions().index(after) + 1 if after is not None else 0
        rest = document.actions()[at:]
        if rest:
            document.insertAction(rest[0], controller.speakers_action)
        else:
            document.addAction(controller.speakers_action)
    view = menu_named(window, "View")
    if view is not None:
        view.addSeparator()
        view.addAction(controller.show_action)
    return controller
