"""Shared fixtures. Qt runs offscreen; every project is a real file in a temporary folder."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["QUALCODE_AUTHOR"] = "tester"
# Qt's QSettings (window layout) must not read or write the developer's own settings.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="qualcode-test-config-")

from qualcode.storage.project import Project


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    return tmp_path / "study.qcproj"


@pytest.fixture
def project(project_path: Path) -> Iterator[Project]:
    p = Project.create(project_path)
    yield p
    p.close()
