"""Counts in the window read as English: "1 extract from 1 document", never "1 extracts"."""

from __future__ import annotations

from qualcode.services.coding import codes, codings
from qualcode.ui.shell.main_window import MainWindow


def test_retrieval_and_status_bar_say_one_thing_in_the_singular(window: MainWindow, qtbot) -> None:
    assert window.project is not None
    doc = window.documents.rows[0].id
    created = window.coding.run("New code", lambda p: codes.create_code(p, "Only once"))
    assert created is not None and created.entity_id is not None
    code = created.entity_id
    window.coding.run("Code", lambda p: codings.add_coding(p, doc, code, 0, 5))
    assert window.codebook.select_code(code)
    qtbot.waitUntil(lambda: window.retrieval.count.text() != "Retrieving…", timeout=10_000)
    assert window.retrieval.count.text() == "1 extract from 1 document"
    n_codes = len(window._code_rows)
    assert window.status.text().endswith(f"  ·  {n_codes:,} codes")
