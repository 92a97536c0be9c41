"""REFI-QDA round trip keeps who coded what: two coders' identical spans are two codings."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from qualcode.services.refi.refi import export_qdpx, import_refi, new_project_from
from qualcode.storage.models import Code, Coder, Coding
from qualcode.storage.project import Project
from tests.team.conftest import TwoCoders


def per_coder(p: Project, code: str) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {}
    with p.read() as s:
        for who, a, b in s.execute(
            select(Coder.name, Coding.start, Coding.end)
            .join(Coder, Coder.id == Coding.coder_id)
            .join(Code, Code.id == Coding.code_id)
            .where(Code.name == code)
            .order_by(Coder.name, Coding.start)
        ):
            out.setdefault(who, []).append((a, b))
    return out


def test_identical_spans_of_two_coders_survive_a_round_trip(
    two_coders: TwoCoders, tmp_path: Path
) -> None:
    qdpx = tmp_path / "team.qdpx"
    with two_coders.open() as p:
        export_qdpx(p, qdpx)
        before = per_coder(p, "Y")
    assert before == {"Alex": [(0, 5)], "Bea": [(0, 5)]}
    made, _report = new_project_from(tmp_path / "copy.qcproj", qdpx)
    with made:
        assert per_coder(made, "Y") == before
        # importing the same file again: every coding is the same coder's, so nothing is added
        with made.read() as s:
            count = s.scalar(select(func.count(Coding.id)))
        report = import_refi(made, qdpx)
        with made.read() as s:
            assert s.scalar(select(func.count(Coding.id))) == count
    assert report.created.get("codings", 0) == 0
