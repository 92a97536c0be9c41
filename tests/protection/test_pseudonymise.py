"""Pseudonymising the sample project: every participant's name and a place replaced everywhere,
every coding still on the same words, one undo step, and none of the real names left anywhere in
the file once it is vacuumed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from qualcode.domain.errors import ValidationError
from qualcode.domain.replacements import replace_all
from qualcode.services.project.inspect import check_project
from qualcode.services.protection.pseudonymise import preview_pseudonymise, pseudonymise
from qualcode.services.undo.history import apply_reversal
from qualcode.storage.models import Case, ChangeLog, Coding, Document, Memo, Part, SearchUnit
from qualcode.storage.project import Project
from tests.helpers import dump


def coded_words(project: Project) -> dict[int, str]:
    with project.read() as s:
        texts = dict(s.execute(select(Document.id, Document.text)).all())
        return {
            i: texts[d][a:b]
            for i, d, a, b in s.execute(
                select(Coding.id, Coding.document_id, Coding.start, Coding.end)
            )
        }


def people(project: Project) -> dict[str, str]:
    with project.read() as s:
        names = sorted(
            n for (n,) in s.execute(select(Case.name).where(Case.is_facilitator.is_(False)))
        )
    # single-word names only: respondent ids such as "R001" are not names
    real = [n for n in names if re.fullmatch(r"[A-Z][a-z]+", n)]
    return {n: f"Participant {i}" for i, n in enumerate(real, start=1)}


def test_pseudonymise_the_sample_keeping_every_coding_on_its_words(sample_path: Path) -> None:
    with Project.open(sample_path) as project:
        mapping = {**people(project), "Eastport": "[town]"}
        assert len(mapping) > 10
        before_words = coded_words(project)
        before = dump(
            project, skip=("change_log", "setting", "search_unit", "search_document", "search_form")
        )
        preview = preview_pseudonymise(project, mapping)
        assert preview.replacements > 50 and preview.per_string["Eastport"] > 0
        assert (
            dump(
                project,
                skip=("change_log", "setting", "search_unit", "search_document", "search_form"),
            )
            == before
        )  # a preview writes nothing

        change = pseudonymise(project, mapping)
        after_words = coded_words(project)
        assert after_words.keys() == before_words.keys()
        for coding_id, words in before_words.items():
            assert after_words[coding_id] == replace_all(words, mapping), coding_id
        assert check_project(project) == []
        with project.read() as s:
            everything = "\n".join(
                [
                    *s.scalars(select(Document.text)),
                    *s.scalars(select(Case.name)),
                    *(lab or "" for lab in s.scalars(select(Part.speaker_label))),
                    *s.scalars(select(Memo.text)),
                    *s.scalars(select(ChangeLog.summary)),
                ]
            )
            assert s.scalar(select(SearchUnit.id).limit(1)) is None  # the index was dropped
        for real in mapping:
            assert re.search(rf"(?<!\w){re.escape(real)}(?!\w)", everything) is None, real

        apply_reversal(project, change.reversal)  # one undo step restores every text and span
        assert coded_words(project) == before_words
        assert (
            dump(
                project,
                skip=("change_log", "setting", "search_unit", "search_document", "search_form"),
            )
            == before
        )
        pseudonymise(project, mapping)
        project.vacuum()
    raw = sample_path.read_bytes()
    for real in mapping:
        assert re.search(rf"(?<!\w){re.escape(real)}(?!\w)".encode(), raw) is None, real


def test_a_map_that_would_give_two_cases_one_name_is_refused(sample_path: Path) -> None:
    with Project.open(sample_path) as project:
        names = list(people(project))[:2]
        with pytest.raises(ValidationError, match="would both be called 'P'"):
            pseudonymise(project, {names[0]: "P", names[1]: "P"})
        with pytest.raises(ValidationError, match="no replacement"):
            pseudonymise(project, {names[0]: " "})
