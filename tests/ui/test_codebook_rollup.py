"""A parent code's counts in the codebook roll up its sub-codes' (its own codings plus theirs,
documents counted once), with a tooltip saying how much is its own; coding with a sub-code
updates the parent's total at once."""

from __future__ import annotations

from sqlalchemy import select

from qualcode.services.coding import codings
from qualcode.storage.models import Coding
from qualcode.ui.coding.codebook_model import CODINGS, DOCS
from qualcode.ui.shell.main_window import MainWindow


def _subtree(window: MainWindow, root: int) -> set[int]:
    out, frontier = {root}, [root]
    while frontier:
        frontier = [r.id for r in window._code_rows if r.parent_id in frontier]
        out.update(frontier)
    return out


def _truth(window: MainWindow, root: int) -> tuple[int, int]:
    assert window.project is not None
    with window.project.read() as s:
        rows = s.execute(
            select(Coding.document_id).where(Coding.code_id.in_(_subtree(window, root)))
        ).all()
    return len(rows), len({d for (d,) in rows})


def test_a_parent_shows_its_own_and_its_sub_codes_counts(window: MainWindow) -> None:
    model = window.codebook_model
    parent = next(r for r in window._code_rows if r.name == "Access to services")
    child = next(r for r in window._code_rows if r.parent_id == parent.id)
    n_codings, n_docs = _truth(window, parent.id)
    assert n_codings > parent.codings  # the sub-codes hold codings the parent does not
    assert model.data(model.index_of(parent.id, CODINGS)) == f"{n_codings:,}"
    assert model.data(model.index_of(parent.id, DOCS)) == f"{n_docs:,}"
    tip = model.data(model.index_of(parent.id, CODINGS), 3)  # ToolTipRole
    assert tip == (
        f"{n_codings:,} codings with its sub-codes; {parent.codings:,} on 'Access to services' "
        "itself"
    )
    if not any(r.parent_id == child.id for r in window._code_rows):  # a leaf: its own count
        assert model.data(model.index_of(child.id, CODINGS)) == f"{child.codings:,}"

    doc = window.documents.rows[0].id
    window.coding.run("Code", lambda p: codings.add_coding(p, doc, child.id, 0, 3))
    assert model.data(model.index_of(parent.id, CODINGS)) == f"{n_codings + 1:,}"
    assert model.data(model.index_of(parent.id, DOCS)) == f"{_truth(window, parent.id)[1]:,}"
    window.undo_action.trigger()
    assert model.data(model.index_of(parent.id, CODINGS)) == f"{n_codings:,}"
