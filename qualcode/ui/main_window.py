"""The main window (a plain first cut; the coding workbench grows from here).

The window holds no SQL: it asks :mod:`qualcode.services.overview` for rows and shows them.
Errors from the project layer are shown in a dialog with the message written for the user.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from qualcode.domain.errors import QualCodeError
from qualcode.services.overview import code_rows, document_rows, document_text
from qualcode.storage.project import SUFFIX, Project
from qualcode.ui.import_dialog import ImportDialog

FILTER = f"QualCode projects (*{SUFFIX})"


def _swatch(colour: str) -> QIcon:
    pix = QPixmap(12, 12)
    pix.fill(QColor(colour))
    return QIcon(pix)


class MainWindow(QMainWindow):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project: Project | None = None
        self.setWindowTitle("QualCode")
        self.resize(1200, 780)

        self.reader = QPlainTextEdit(readOnly=True)
        self.reader.setPlaceholderText("Open a project, then choose a document to read it.")
        self.setCentralWidget(self.reader)

        self.documents = QTreeWidget()
        self.documents.setHeaderLabels(["Document", "Kind", "Words", "Codings"])
        self.documents.setRootIsDecorated(False)
        self.documents.itemSelectionChanged.connect(self._show_selected_document)
        self.codes = QTreeWidget()
        self.codes.setHeaderLabels(["Code", "Codings", "Docs"])
        for title, widget, area in (
            ("Documents", self.documents, Qt.DockWidgetArea.LeftDockWidgetArea),
            ("Codebook", self.codes, Qt.DockWidgetArea.RightDockWidgetArea),
        ):
            dock = QDockWidget(title, self)
            dock.setObjectName(f"dock-{title.lower()}")
            dock.setWidget(widget)
            self.addDockWidget(area, dock)
            widget.setMinimumWidth(400 if widget is self.documents else 340)

        self.status = QLabel("No project open")
        self.statusBar().addPermanentWidget(self.status)
        self._build_menu()
        settings = QSettings()
        state = settings.value("main/state")
        if state is not None:
            self.restoreState(state)

    # -- menu -------------------------------------------------------------------------------
    def _build_menu(self) -> None:
        menu = self.menuBar().addMenu("&File")
        for text, shortcut, slot in (
            ("&New Project…", QKeySequence.StandardKey.New, self._new),
            ("&Open Project…", QKeySequence.StandardKey.Open, self._open),
            ("Save &As…", QKeySequence.StandardKey.SaveAs, self._save_as),
            ("&Import Files…", QKeySequence("Ctrl+I"), self.import_files),
            ("&Quit", QKeySequence.StandardKey.Quit, self.close),
        ):
            action = QAction(text, self)
            action.setShortcut(shortcut)
            action.triggered.connect(slot)
            menu.addAction(action)

    def _new(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "New project", "", FILTER)
        if name:
            path = Path(name) if name.endswith(SUFFIX) else Path(name + SUFFIX)
            self._guard(lambda: self._set_project(Project.create(path)))

    def _open(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Open project", "", FILTER)
        if name:
            self.open_project(Path(name))

    def _save_as(self) -> None:
        if self.project is None:
            return
        name, _ = QFileDialog.getSaveFileName(self, "Save project as", "", FILTER)
        if name:
            project = self.project
            self._guard(lambda: project.save_as(Path(name)))
            self.refresh()

    def import_files(self) -> ImportDialog | None:
        if self.project is None:
            QMessageBox.information(self, "QualCode", "Open or create a project first.")
            return None
        dialog = ImportDialog(self.project, self)
        dialog.finished.connect(lambda _result: self._after_import(dialog))
        dialog.open()
        return dialog

    def _after_import(self, dialog: ImportDialog) -> None:
        if not dialog.reports:
            return
        self.refresh()
        docs = sum(len(r.documents) for r in dialog.reports)
        skipped = [r.source for r in dialog.reports if r.skipped]
        message = f"Imported {docs} document(s)"
        if skipped:
            message += f"; already in the project, skipped: {', '.join(skipped)}"
        self.statusBar().showMessage(message, 15_000)

    # -- project ----------------------------------------------------------------------------
    def open_project(self, path: Path) -> bool:
        return self._guard(lambda: self._set_project(Project.open(path)))

    def _guard(self, action: object) -> bool:
        try:
            action()  # type: ignore[operator]
        except QualCodeError as exc:
            QMessageBox.warning(self, "QualCode", str(exc))
            return False
        except OSError as exc:
            QMessageBox.warning(self, "QualCode", f"{exc.filename or ''}: {exc.strerror or exc}")
            return False
        return True

    def _set_project(self, project: Project) -> None:
        if self.project is not None:
            self.project.close()
        self.project = project
        self.refresh()

    def refresh(self) -> None:
        project = self.project
        if project is None:
            return
        self.setWindowTitle(f"{project.path.name} — QualCode")
        self.documents.clear()
        docs = document_rows(project)
        for row in docs:
            item = QTreeWidgetItem(
                [row.name, row.kind.replace("_", " "), f"{row.words:,}", f"{row.codings:,}"]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, row.id)
            item.setToolTip(0, row.name)
            for col in (2, 3):
                item.setTextAlignment(col, Qt.AlignmentFlag.AlignRight)
            self.documents.addTopLevelItem(item)
        self.codes.clear()
        codes = code_rows(project)
        items: dict[int, QTreeWidgetItem] = {}
        for row in codes:
            item = QTreeWidgetItem([row.name, f"{row.codings:,}", f"{row.documents:,}"])
            item.setIcon(0, _swatch(row.colour))
            item.setToolTip(0, row.definition or "No definition yet")
            items[row.id] = item
        for row in codes:
            parent = items.get(row.parent_id) if row.parent_id is not None else None
            if parent is not None:
                parent.addChild(items[row.id])
            else:
                self.codes.addTopLevelItem(items[row.id])
        self.codes.expandAll()
        for tree in (self.documents, self.codes):
            for column in range(tree.columnCount()):
                tree.resizeColumnToContents(column)
            tree.setColumnWidth(0, min(tree.columnWidth(0), 230))  # long names elide
        self.status.setText(
            f"{project.path}   ·   {len(docs):,} documents   ·   {len(codes):,} codes"
        )

    def _show_selected_document(self) -> None:
        items = self.documents.selectedItems()
        if not items or self.project is None:
            return
        doc_id = items[0].data(0, Qt.ItemDataRole.UserRole)
        project = self.project
        self._guard(lambda: self.reader.setPlainText(document_text(project, doc_id)))

    def closeEvent(self, event: object) -> None:
        QSettings().setValue("main/state", self.saveState())
        if self.project is not None:
            self.project.close()
            self.project = None
        super().closeEvent(event)  # type: ignore[arg-type]
