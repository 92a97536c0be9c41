"""Merging a project coded apart: matching, codings per coder, duplicates, preview and undo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from qualcode.domain.errors import QualCodeError
from qualcode.services.team.coders import coder_rows
from qualcode.services.team.merge import merge_with_report, preview_merge
from qualcode.services.undo.history import apply_reversal
from qualcode.storage.models import Base, Case, Code, Coder, Coding, Document, Memo, Part
from qualcode.storage.project import Project
from tests.team.conftest import Separate

TABLES = ("coder", "document", "part", "case", "code", "coding", "memo", "theme", "theme_code")


def snapshot(p: Project) -> dict[str, list[tuple[Any, ...]]]:
    with p.read() as s:
        return {
            name: sorted(tuple(r) for r in s.execute(select(Base.metadata.tables[name])))
            for name in TABLES
        }


def codings_by_coder(p: Project) -> dict[str, list[tuple[str, str, int, int]]]:
    out: dict[str, list[tuple[str, str, int, int]]] = {}
    with p.read() as s:
        for who, doc, code, a, b in s.execute(
            select(Coder.name, Document.name, Code.name, Coding.start, Coding.end)
            .join(Coder, Coder.id == Coding.coder_id)
            .join(Document, Document.id == Coding.document_id)
            .join(Code, Code.id == Coding.code_id)
            .order_by(Coder.name, Document.name, Coding.start, Code.name)
        ):
            out.setdefault(who, []).append((doc, code, a, b))
    return out


def test_preview_says_what_merging_does_and_changes_nothing(separate: Separate) -> None:
    with Project.open(separate.target, author="Alex") as p:
        before = snapshot(p)
        report = preview_merge(p, [separate.source])
        assert snapshot(p) == before
    c = report.counts
    assert c.added["documents"] == 1 and c.matched["documents"] == 1  # matched by text
    assert c.added["codes"] == 2 and c.matched["codes"] == 2  # Places, Places/Shops; X, Y
    assert c.added["codings"] == 4 and c.skipped["codings"] == 1
    assert dict(c.codings_by_coder) == {"Bea": 4}
    assert c.added["coders"] == 1 and c.matched["coders"] == 1
    assert any(line == "Codings added per coder:" for line in report.lines)


def test_merge_keeps_each_coder_and_skips_exact_duplicates(separate: Separate) -> None:
    with Project.open(separate.target, author="Alex") as p:
        change, report = merge_with_report(p, [separate.source])
        got = codings_by_coder(p)
        assert got["Alex"] == [
            ("Interview 1", "Y", 0, 5),
            ("Interview 1", "X", 2, 8),
            ("Interview 1", "X", 5, 12),
        ]  # Alex's coding in Bea's copy was the same: not doubled
        assert got["Bea"] == [
            ("Interview 1", "Y", 0, 5),  # the same span as Alex's, another coder: kept
            ("Interview 1", "X", 4, 10),
            ("Interview 1", "X", 15, 18),
            ("Interview 3", "Shops", 4, 23),
        ]
        assert {r.name: r.codings for r in coder_rows(p)} == {"Alex": 3, "Bea": 4}
        with p.read() as s:
            assert s.scalar(select(Document.name).where(Document.name == "Interview 3"))
            parent = s.scalar(select(Code.parent_id).where(Code.name == "Shops"))
            assert s.scalar(select(Code.name).where(Code.id == parent)) == "Places"
            turns = s.execute(
                select(Part.start, Part.end, Case.name)
                .outerjoin(Case, Case.id == Part.case_id)
                .join(Document, Document.id == Part.document_id)
                .where(Document.name == "Interview 3")
                .order_by(Part.start)
            ).all()
            assert [tuple(t) for t in turns] == [(0, 24, "Jo"), (25, 45, None)]
            memo = s.execute(select(Memo.text, Code.name).join(Code, Code.id == Memo.code_id)).one()
            assert tuple(memo) == ("Shops came up unprompted.", "Shops")
        assert "Merged bea.qcproj" in change.summary
        assert report.counts.added["codings"] == 4


def test_merging_again_adds_nothing(separate: Separate) -> None:
    with Project.open(separate.target, author="Alex") as p:
        merge_with_report(p, [separate.source])
        before = snapshot(p)
        _change, report = merge_with_report(p, [separate.source])
        assert snapshot(p) == before
    assert sum(report.counts.added.values()) == 0
    assert report.counts.skipped["codings"] == 5


def test_undo_restores_the_target_and_redo_merges_again(separate: Separate) -> None:
    with Project.open(separate.target, author="Alex") as p:
        before = snapshot(p)
        change, _report = merge_with_report(p, [separate.source])
        after = snapshot(p)
        assert after != before
        undone = apply_reversal(p, change.reversal, "undo")
        assert snapshot(p) == before
        apply_reversal(p, undone.reversal, "redo")
        assert snapshot(p) == after


def test_bad_sources_are_refused_without_change(separate: Separate, tmp_path: Path) -> None:
    junk = tmp_path / "notes.qcproj"
    junk.write_text("not a project")
    with Project.open(separate.target, author="Alex") as p:
        before = snapshot(p)
        with pytest.raises(QualCodeError, match=r"notes\.qcproj"):
            merge_with_report(p, [separate.source, junk])
        with pytest.raises(QualCodeError, match="being merged into"):
            merge_with_report(p, [separate.target])
        assert snapshot(p) == before
