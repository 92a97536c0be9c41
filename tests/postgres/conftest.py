"""Fixtures of the tests against a real PostgreSQL server (see ``server.py``).

``backend`` runs a test twice, on an SQLite file and on a server database, through the same
``project`` fixture the service tests use: what a service does must not depend on where the
project lives.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from qualcode.storage.project import Project
from tests.postgres.server import drop_database, fresh_database, stop_shared_server
from tests.ui.conftest import window  # noqa: F401  (the main window on the sample)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    stop_shared_server()  # also registered with atexit, which a hard exit would skip


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh project database on the test server (schema built, nobody connected)."""
    url = fresh_database()
    yield url
    drop_database(url)


@pytest.fixture
def empty_pg_url() -> Iterator[str]:
    """A fresh, empty database (no tables): where a copy or ``qualcode new`` may write."""
    url = fresh_database(empty=True)
    yield url
    drop_database(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def project(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Project]:
    if backend == "sqlite":
        p = Project.create(tmp_path / "study.qcproj")
    else:
        p = Project.open(request.getfixturevalue("pg_url"))
    yield p
    p.close()
