"""Random sequences of service operations, then every reversal in reverse order: the database is
exactly as it started. Then every redo: exactly as it was after the operations."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from qualcode.services.coding import codes, codings, memos
from qualcode.services.documents import cases, documents
from qualcode.services.undo.changes import Change
from qualcode.storage.models import Attribute, Case, Code, Coding, Document, Memo
from qualcode.storage.project import Project
from tests.helpers import undo_redo_round_trip
from tests.seed import seed

OPS = [
    "add_document",
    "rename_document",
    "delete_document",
    "create_case",
    "rename_case",
    "delete_case",
    "define_attribute",
    "set_value",
    "create_code",
    "rename_code",
    "recolour_code",
    "define_code",
    "move_code",
    "merge_codes",
    "delete_code",
    "add_coding",
    "add_codings",
    "remove_coding",
    "add_memo",
    "edit_memo",
    "delete_memo",
]
NAMES = st.sampled_from(["Trust", "Stigma", "Amy", "Ben", "Access", "Hope", "FG3"])


def _ids(p: Project, model: type) -> list[int]:
    with p.session() as s:
        return list(s.scalars(select(model.id).order_by(model.id)))


def _doc_len(p: Project, doc_id: int) -> int:
    with p.session() as s:
        return len(s.scalar(select(Document.text).where(Document.id == doc_id)) or "")


def _run(p: Project, op: str, data: st.DataObject) -> Change | None:
    def pick(model: type) -> int | None:
        ids = _ids(p, model)
        return data.draw(st.sampled_from(ids)) if ids else None

    name = data.draw(NAMES)
    if op == "add_document":
        return documents.add_document(p, name, data.draw(st.text(min_size=1, max_size=40)))
    if op == "create_case":
        return cases.create_case(p, name)
    if op == "define_attribute":
        return cases.define_attribute(p, name, data.draw(st.sampled_from(["text", "number"])))
    if op == "create_code":
        parent = pick(Code) if data.draw(st.booleans()) else None
        return codes.create_code(p, name, parent_id=parent)
    if op == "add_memo":
        return (
            memos.add_memo(p, name, target="code", target_id=pick(Code))
            if _ids(p, Code)
            else memos.add_memo(p, name)
        )
    targets = {
        "document": Document,
        "case": Case,
        "code": Code,
        "coding": Coding,
        "memo": Memo,
        "attribute": Attribute,
    }
    kind = {
        "rename_document": "document",
        "delete_document": "document",
        "rename_case": "case",
        "delete_case": "case",
        "set_value": "attribute",
        "remove_coding": "coding",
        "edit_memo": "memo",
        "delete_memo": "memo",
        "add_coding": "document",
        "add_codings": "document",
    }.get(op, "code")
    target = pick(targets[kind])
    if target is None:
        return None
    if op == "rename_document":
        return documents.rename_document(p, target, name)
    if op == "delete_document":
        return documents.delete_document(p, target)
    if op == "rename_case":
        return cases.rename_case(p, target, name)
    if op == "delete_case":
        return cases.delete_case(p, target)
    if op == "set_value":
        case = pick(Case)
        if case is None:
            return None
        return cases.set_attribute_value(
            p, target, data.draw(st.sampled_from(["", "3", "x"])), case_id=case
        )
    if op in ("add_coding", "add_codings"):
        code, n = pick(Code), _doc_len(p, target)
        if code is None or n < 2:
            return None
        start = data.draw(st.integers(0, n - 2))
        end = data.draw(st.integers(start + 1, n))
        if op == "add_coding":
            return codings.add_coding(p, target, code, start, end)
        return codings.add_codings(
            p, code, [codings.Span(target, start, end), codings.Span(target, 0, 1)]
        )
    if op == "remove_coding":
        return codings.remove_coding(p, target)
    if op == "edit_memo":
        return memos.edit_memo(p, target, name, title=name)
    if op == "delete_memo":
        return memos.delete_memo(p, target)
    if op == "rename_code":
        return codes.rename_code(p, target, name)
    if op == "recolour_code":
        return codes.recolour_code(p, target, data.draw(st.sampled_from(["#112233", "abcdef"])))
    if op == "define_code":
        return codes.define_code(p, target, name, inclusion="in", exclusion="out")
    if op == "move_code":
        return codes.move_code(p, target, pick(Code) if data.draw(st.booleans()) else None)
    if op == "merge_codes":
        other = pick(Code)
        return codes.merge_codes(p, target, other) if other is not None else None
    return codes.delete_code(p, target)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_undo_all_restores_start_and_redo_all_restores_end(data: st.DataObject) -> None:
    undo_redo_round_trip(_run, seed, OPS, data, max_size=12)
