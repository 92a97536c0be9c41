"""Two coders on one project: coder A codes, the project is reopened as B, who codes too."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import insert

from qualcode.services.coding.codes import create_code
from qualcode.services.coding.codings import add_coding
from qualcode.services.coding.memos import add_memo
from qualcode.services.documents.cases import create_case
from qualcode.services.documents.documents import add_document
from qualcode.storage.models import Part
from qualcode.storage.project import Project

TEXT = "abcdefghijklmnopqrst"  # 20 characters
OTHER = "Only Alex has read this one."

# (code, start, end) per coder
ALEX = [("X", 2, 8), ("X", 5, 12), ("Y", 0, 5)]
BEA = [("X", 4, 10), ("X", 15, 18), ("Y", 0, 5)]
TURNS = [(0, 3), (3, 10), (10, 14), (14, 20)]


@dataclass
class TwoCoders:
    path: Path
    doc: int
    other: int
    codes: dict[str, int]

    def open(self, author: str = "Lead") -> Project:
        return Project.open(self.path, author=author)


def code_as(
    path: Path, author: str, doc: int, codes: dict[str, int], spans: list[tuple[str, int, int]]
) -> None:
    with Project.open(path, author=author) as p:
        for name, a, b in spans:
            add_coding(p, doc, codes[name], a, b)


@pytest.fixture(name="two_coders")
def two_coders_fixture(tmp_path: Path) -> Iterator[TwoCoders]:
    path = tmp_path / "team.qcproj"
    with Project.create(path, author="Alex") as p:
        doc = add_document(p, "Interview 1", TEXT).entity_id
        other = add_document(p, "Interview 2", OTHER).entity_id
        assert doc is not None and other is not None
        codes = {}
        for name in ("X", "Y"):
            cid = create_code(p, name).entity_id
            assert cid is not None
            codes[name] = cid
        with p.session() as s:
            s.execute(
                insert(Part),
                [{"document_id": doc, "kind": "turn", "start": a, "end": b} for a, b in TURNS],
            )
        for name, a, b in ALEX:
            add_coding(p, doc, codes[name], a, b)
        add_coding(p, other, codes["X"], 0, 4)
    code_as(path, "Bea", doc, codes, BEA)
    yield TwoCoders(path, doc, other, codes)


@pytest.fixture(name="opened")
def opened_fixture(two_coders: TwoCoders) -> Iterator[Project]:
    p = two_coders.open()
    yield p
    p.close()


Opener = Callable[[str], Project]


NEW_TEXT = "Jo: I walk to the shops.\nSam: The bus is late."


@dataclass
class Separate:
    target: Path
    source: Path


@pytest.fixture(name="separate")
def separate_fixture(tmp_path: Path) -> Separate:
    """Alex's project (the target) and Bea's, made apart on the same first transcript: Bea has a
    second transcript with turns and a case, a sub-code, a memo; Alex also coded in Bea's copy."""
    target, source = tmp_path / "alex.qcproj", tmp_path / "bea.qcproj"
    with Project.create(target, author="Alex") as p:
        doc = add_document(p, "Interview 1", TEXT).entity_id
        assert doc is not None
        codes = {n: create_code(p, n).entity_id for n in ("X", "Y")}
        for name, a, b in ALEX:
            add_coding(p, doc, codes[name], a, b)  # type: ignore[arg-type]
    with Project.create(source, author="Bea") as p:
        doc = add_document(p, "Interview 1 (Bea's copy)", TEXT).entity_id
        new = add_document(p, "Interview 3", NEW_TEXT).entity_id
        assert doc is not None and new is not None
        x = create_code(p, "X").entity_id
        parent = create_code(p, "Places").entity_id
        child = create_code(p, "Shops", parent_id=parent).entity_id
        y = create_code(p, "Y").entity_id
        jo = create_case(p, "Jo").entity_id
        with p.session() as s:
            s.execute(
                insert(Part),
                [
                    {"document_id": new, "kind": "turn", "start": 0, "end": 24, "case_id": jo},
                    {"document_id": new, "kind": "turn", "start": 25, "end": 45},
                ],
            )
        for code, a, b in ((x, 4, 10), (x, 15, 18), (y, 0, 5)):
            add_coding(p, doc, code, a, b)  # type: ignore[arg-type]
        add_coding(p, new, child, 4, 23)  # type: ignore[arg-type]
        add_memo(p, "Shops came up unprompted.", target="code", target_id=child)
    with Project.open(source, author="Alex") as p:
        add_coding(p, 1, 4, 0, 5)  # Alex's Y (code 4) on 0-5, as in the target: a duplicate
    return Separate(target, source)
