"""Withdrawing a participant and redacting a stretch, on the sample project: exactly their words
go (or are blanked), every other coding stays on the same words, one undo step restores it all,
and once vacuumed the file holds none of the removed words."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from qualcode.domain.errors import ValidationError
from qualcode.services.project.inspect import check_project
from qualcode.services.protection.redact import redact, redactions
from qualcode.services.protection.withdraw import WITHDRAWN, withdraw, withdrawal_plan
from qualcode.services.undo.history import apply_reversal
from qualcode.storage.models import AttributeValue, Case, Coding, Document, Part
from qualcode.storage.project import Project
from tests.helpers import dump

SKIP = ("change_log", "setting", "search_unit", "search_document", "search_form")


def words(project: Project) -> dict[int, str]:
    with project.read() as s:
        texts = dict(s.execute(select(Document.id, Document.text)).all())
        rows = s.execute(select(Coding.id, Coding.document_id, Coding.start, Coding.end))
        return {i: texts[d][a:b] for i, d, a, b in rows}


def turns_of(project: Project, name: str) -> tuple[int, list[str], set[int]]:
    """The case id, the texts of its turns, and the codings lying within them."""
    with project.read() as s:
        case_id = s.scalar(select(Case.id).where(Case.name == name))
        assert case_id is not None
        texts = dict(s.execute(select(Document.id, Document.text)).all())
        parts = s.execute(
            select(Part.document_id, Part.start, Part.end).where(Part.case_id == case_id)
        ).all()
        inside = {
            i
            for i, d, a, b in s.execute(
                select(Coding.id, Coding.document_id, Coding.start, Coding.end)
            )
            if any(d == pd and pa <= a and b <= pb for pd, pa, pb in parts)
        }
    return case_id, [texts[d][a:b] for d, a, b in parts], inside


def test_withdraw_a_focus_group_participant(sample_path: Path) -> None:
    with Project.open(sample_path) as project:
        before_words, before = words(project), dump(project, skip=SKIP)
        with project.read() as s:
            before_doc = s.scalar(select(Document.text).where(Document.name == "focus-group-40-55"))
        assert before_doc is not None and "Margaret: " in before_doc  # her label, in the text
        case_id, said, inside = turns_of(project, "Margaret")
        plan = withdrawal_plan(project, case_id)
        assert plan.turns == len(said)
        assert plan.documents_edited == ["focus-group-40-55", "quote-sheet"]
        assert plan.codings >= len(inside) and plan.documents_deleted == []
        change = withdraw(project, case_id)
        after = words(project)
        assert not inside & after.keys()  # codings on her words went with them
        for coding_id, text in after.items():
            assert text == before_words[coding_id] or text in before_words[coding_id]
        with project.read() as s:
            doc = s.scalar(select(Document.text).where(Document.name == "focus-group-40-55"))
            assert s.get(Case, case_id) is None
            assert not s.scalars(
                select(AttributeValue.id).where(AttributeValue.case_id == case_id)
            ).all()
        assert doc is not None and "Margaret" in before_doc
        assert not any(label in doc for label in ("Margaret:", "[Margaret]", "Margaret ("))
        assert not any(t[:40] in doc for t in said if len(t) > 40)
        assert check_project(project) == []
        apply_reversal(project, change.reversal)
        assert words(project) == before_words and dump(project, skip=SKIP) == before
        withdraw(project, case_id)
        project.vacuum()
    raw = sample_path.read_bytes()
    for text in said:
        if len(text) > 40:
            assert text[:40].encode() not in raw


def test_withdraw_keeping_the_context_and_a_document_of_their_own(sample_path: Path) -> None:
    with Project.open(sample_path) as project:
        case_id, said, _inside = turns_of(project, "Tony")
        withdraw(project, case_id, keep_context=True)
        with project.read() as s:
            texts = s.scalars(select(Document.text)).all()
            blanked = s.scalars(select(Part.id).where(Part.speaker_label == WITHDRAWN)).all()
        assert sum(t.count(WITHDRAWN) for t in texts) == len(said) == len(blanked)
        assert not any(label in t for t in texts for label in ("Tony:", "[Tony]"))
        hassan, _said, _inside = turns_of(project, "Hassan")
        plan = withdrawal_plan(project, hassan)
        assert plan.documents_deleted == ["research-grid-03"]
        withdraw(project, hassan)
        with project.read() as s:
            assert s.scalar(select(Document.id).where(Document.name == "research-grid-03")) is None
        assert check_project(project) == []


def test_redact_keeps_codings_on_their_words_and_is_listed(sample_path: Path) -> None:
    with Project.open(sample_path) as project:
        with project.read() as s:
            doc_id, text = s.execute(
                select(Document.id, Document.text).where(Document.name == "focus-group-20-35")
            ).one()
        start = text.index("Harbourside Community Hub")
        end = start + len("Harbourside Community Hub")
        before_words = words(project)
        change = redact(project, doc_id, start, end, "[place removed]")
        after = words(project)
        for coding_id, old in before_words.items():
            assert after[coding_id] == old.replace("Harbourside Community Hub", "[place removed]")
        found = [r for r in redactions(project) if r.document == "focus-group-20-35"]
        assert [(r.start, r.marker) for r in found] == [(start, "[place removed]")]
        with pytest.raises(ValidationError, match="square brackets"):
            redact(project, doc_id, 0, 5, "removed")
        apply_reversal(project, change.reversal)
        assert words(project) == before_words
        assert not [r for r in redactions(project) if r.document == "focus-group-20-35"]
