"""``qualcode copy``: a project goes to the server and back without losing a row or a link."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from qualcode.cli import main
from qualcode.domain.errors import ProjectExistsError
from qualcode.services.coding import codes
from qualcode.services.search.search import SearchQuery, search
from qualcode.storage.copy import DERIVED, copied_tables
from qualcode.storage.models import Base, Code
from qualcode.storage.project import Project


def _tables(project: Project) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in key order, and the schema revision."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with project.read() as s:
        for table in Base.metadata.sorted_tables:
            if table.name in DERIVED:
                continue
            order = list(table.primary_key.columns)
            out[table.name] = [tuple(r) for r in s.execute(select(table).order_by(*order))]
        out["alembic_version"] = list(s.execute(text("SELECT version_num FROM alembic_version")))
    return out


def test_sample_to_server_and_back_is_the_same_project(
    sample_path: Path, empty_pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    back = tmp_path / "back.qcproj"
    assert main(["copy", str(sample_path), empty_pg_url]) == 0
    assert main(["copy", empty_pg_url, str(back)]) == 0
    assert "Copied" in capsys.readouterr().out
    with Project.open(sample_path, readonly=True) as a, Project.open(back, readonly=True) as b:
        before, after = _tables(a), _tables(b)
    assert {t.name for t in copied_tables()} <= set(before)
    for name, rows in before.items():
        assert after[name] == rows, f"table {name} differs after the round trip"
    assert sum(len(rows) for rows in before.values()) > 500  # the sample is not empty
    assert len(before["coding"]) > 100 and len(before["change_log"]) > 0


def test_the_server_copy_takes_new_rows_and_searches(sample_path: Path, empty_pg_url: str) -> None:
    with Project.open(sample_path, readonly=True) as source:
        from qualcode.storage.copy import copy_project

        copy_project(source, empty_pg_url)
        highest = max(_tables(source)["code"])[0]
    with Project.open(empty_pg_url) as server:
        assert server.is_server and not server.readonly
        change = codes.create_code(server, "New after the copy")  # the id sequence moved on
        assert change.entity_id == highest + 1
        with server.read() as s:
            assert s.scalar(select(Code.name).where(Code.id == highest + 1)) == "New after the copy"
        queries = [
            SearchQuery("waiting list", mode="words"),
            SearchQuery("wait*", mode="words"),
            SearchQuery("service", mode="lemma"),
            SearchQuery("help OR support", mode="words"),
        ]
        on_server = [_places(server, q) for q in queries]
    with Project.open(sample_path) as source:
        in_file = [_places(source, q) for q in queries]
    assert on_server == in_file  # PostgreSQL's text search finds what FTS5 finds
    assert all(on_server), "each query finds something in the sample"


def _places(project: Project, query: SearchQuery) -> list[tuple[str, int, int]]:
    return [(h.document_name, h.start, h.end) for h in search(project, query, limit=None).hits]


def test_a_copy_never_overwrites(
    sample_path: Path, pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["copy", str(sample_path), pg_url]) == 2
    err = capsys.readouterr().err
    assert "is not empty" in err and "copy into a new empty database" in err
    with Project.open(pg_url, readonly=True) as p, pytest.raises(ProjectExistsError):
        from qualcode.storage.copy import copy_project

        copy_project(p, sample_path)
