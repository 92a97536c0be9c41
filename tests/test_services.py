"""What each service does, checked as a researcher would: names, counts, links and the log."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from qualcode.domain.errors import NotFoundError, ValidationError
from qualcode.services.coding import codes, codings, memos
from qualcode.services.coding.overview import code_rows, document_rows
from qualcode.services.documents import cases, documents
from qualcode.services.undo.history import apply_reversal
from qualcode.storage.models import ChangeLog, Coder, Coding, Memo, Quote, ThemeCode
from tests.helpers import dump
from tests.seed import seed


def _log(project) -> list[tuple[str, str, str]]:
    with project.session() as s:
        rows = s.execute(
            select(ChangeLog.action, ChangeLog.entity, Coder.name)
            .join(Coder, Coder.id == ChangeLog.coder_id)
            .order_by(ChangeLog.id)
        )
        return [tuple(r) for r in rows]


def test_document_text_is_normalised_and_counted(project) -> None:
    change = documents.add_document(project, "  FG 1 ", "One two\r\nthree\rfour", "focus_group")
    rows = document_rows(project)
    assert [(r.name, r.kind, r.words) for r in rows] == [("FG 1", "focus_group", 4)]
    assert change.entity_id == rows[0].id
    assert _log(project)[-1] == ("create", "document", "tester")


def test_empty_names_and_unknown_kinds_are_refused(project) -> None:
    with pytest.raises(ValidationError, match="cannot be empty"):
        documents.add_document(project, "   ", "text")
    with pytest.raises(ValueError):
        documents.add_document(project, "x", "text", kind="podcast")
    with pytest.raises(ValidationError):
        codes.create_code(project, "\t")


def test_delete_document_takes_its_codings_and_undo_returns_them(project) -> None:
    ids = seed(project)
    before = dump(project)
    change = documents.delete_document(project, ids["doc_b"])
    assert [r.name for r in document_rows(project)] == ["FG1"]
    stats = {r.name: r.codings for r in code_rows(project)}
    assert stats == {"Support": 0, "Nurses": 1, "Waiting": 0}
    apply_reversal(project, change.reversal)
    assert dump(project) == before


def test_codes_nest_and_refuse_cycles_and_duplicates(project) -> None:
    ids = seed(project)
    with pytest.raises(ValidationError, match="inside itself"):
        codes.move_code(project, ids["support"], ids["nurse"])
    with pytest.raises(ValidationError, match="already exists"):
        codes.create_code(project, "Nurses", parent_id=ids["support"])
    codes.create_code(project, "Nurses")  # same name elsewhere is fine
    codes.move_code(project, ids["waiting"], ids["support"])
    parents = {r.name: r.parent_id for r in code_rows(project)}
    assert parents["Waiting"] == ids["support"]


def test_recolour_validates(project) -> None:
    ids = seed(project)
    codes.recolour_code(project, ids["waiting"], "a1b2c3")
    assert {r.name: r.colour for r in code_rows(project)}["Waiting"] == "#A1B2C3"
    with pytest.raises(ValidationError, match="not a colour"):
        codes.recolour_code(project, ids["waiting"], "blue-ish")


def test_merge_moves_codings_links_memos_and_drops_duplicates(project) -> None:
    ids = seed(project)
    before = dump(project)
    # Support and Waiting both code doc_b 5-29: that one becomes a duplicate.
    change = codes.merge_codes(project, ids["waiting"], ids["support"])
    assert "0 codings moved, 1 duplicates dropped" in change.summary
    rows = {r.name: r for r in code_rows(project)}
    assert "Waiting" not in rows and rows["Support"].codings == 1
    with project.session() as s:
        assert set(s.scalars(select(ThemeCode.code_id))) == {ids["nurse"], ids["support"]}
        assert (
            s.scalar(select(Memo.code_id).where(Memo.text == "Code about access")) == ids["support"]
        )
    assert _log(project)[-1][:2] == ("merge", "code")
    apply_reversal(project, change.reversal)
    assert dump(project) == before


def test_merge_into_own_child_is_refused(project) -> None:
    ids = seed(project)
    with pytest.raises(ValidationError):
        codes.merge_codes(project, ids["support"], ids["nurse"])


def test_delete_code_takes_subtree_and_keeps_quotes_unlinked(project) -> None:
    ids = seed(project)
    change = codes.delete_code(project, ids["support"])
    assert "1 sub-codes, 2 codings" in change.summary
    assert [r.name for r in code_rows(project)] == ["Waiting"]
    with project.session() as s:
        quote = s.scalars(select(Quote)).one()
        assert quote.coding_id is None  # the chosen quote survives, unlinked


def test_coding_spans_are_checked_in_code_points(project) -> None:
    ids = seed(project)
    text = documents.normalise_text(
        "Facilitator: What helped?\nAmy: The nurse listened 😊 and I felt safe.\n"
    )
    n = len(text)
    codings.add_coding(project, ids["doc_a"], ids["waiting"], n - 5, n)  # last code points
    with pytest.raises(ValidationError, match="outside"):
        codings.add_coding(project, ids["doc_a"], ids["waiting"], n - 5, n + 1)
    with pytest.raises(ValidationError):
        codings.add_coding(project, ids["doc_a"], ids["waiting"], 7, 7)
    with pytest.raises(NotFoundError):
        codings.add_coding(project, 999, ids["waiting"], 0, 1)


def test_bulk_coding_is_one_undo_step(project) -> None:
    ids = seed(project)
    before = dump(project)
    spans = [codings.Span(ids["doc_a"], i, i + 3) for i in range(0, 30, 3)]
    change = codings.add_codings(project, ids["waiting"], spans)
    with project.session() as s:
        assert s.query(Coding).filter_by(code_id=ids["waiting"]).count() == 11
    apply_reversal(project, change.reversal)
    assert dump(project) == before


def test_a_refused_bulk_coding_changes_nothing(project) -> None:
    ids = seed(project)
    before = dump(project)
    spans = [codings.Span(ids["doc_a"], 0, 3), codings.Span(ids["doc_a"], 0, 10_000)]
    with pytest.raises(ValidationError):
        codings.add_codings(project, ids["waiting"], spans)
    assert dump(project) == before


def test_typed_attribute_values(project) -> None:
    ids = seed(project)
    age = cases.define_attribute(project, "age", "number").entity_id
    assert age is not None
    cases.set_attribute_value(project, age, "42.0", case_id=ids["amy"])
    with pytest.raises(ValidationError, match="not a number"):
        cases.set_attribute_value(project, age, "forty", case_id=ids["amy"])
    with pytest.raises(ValidationError, match="not one of"):
        cases.set_attribute_value(project, ids["age"], "60+", case_id=ids["amy"])
    assert cases.case_attributes(project, ids["amy"]) == {"age band": "40-55", "age": "42"}
    cases.set_attribute_value(project, age, "", case_id=ids["amy"])
    assert cases.case_attributes(project, ids["amy"]) == {"age band": "40-55"}


def test_memos_attach_and_refuse_missing_targets(project) -> None:
    ids = seed(project)
    memos.add_memo(project, "Reflexive note", kind="journal")
    with pytest.raises(NotFoundError):
        memos.add_memo(project, "x", target="code", target_id=999)
    with pytest.raises(ValidationError):
        memos.add_memo(project, "x", target="planet", target_id=ids["amy"])
    with project.session() as s:
        kinds = sorted(s.scalars(select(Memo.kind)))
    assert kinds == ["analytic", "analytic", "familiarisation", "journal"]


def test_undo_is_written_to_the_log_with_author(project) -> None:
    change = codes.create_code(project, "Hope")
    apply_reversal(project, change.reversal)
    assert _log(project)[-2:] == [("create", "code", "tester"), ("undo", "project", "tester")]


def test_move_places_a_code_among_its_new_siblings(project) -> None:
    ids = seed(project)
    extra = codes.create_code(project, "Extra", parent_id=ids["support"]).entity_id
    assert extra is not None
    before = dump(project)
    change = codes.move_code(project, ids["waiting"], ids["support"], 1)
    children = [r.name for r in code_rows(project) if r.parent_id == ids["support"]]
    assert children == ["Nurses", "Waiting", "Extra"]
    apply_reversal(project, change.reversal)
    assert dump(project) == before
    codes.move_code(project, ids["nurse"], None)  # to the end of the top level
    assert [r.name for r in code_rows(project) if r.parent_id is None][-1] == "Nurses"
