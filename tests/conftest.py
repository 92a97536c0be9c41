"""Shared fixtures. Qt runs offscreen; every project is a real file in a temporary folder."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["QUALCODE_AUTHOR"] = "tester"
# The window's background search indexing stays off unless a test turns it on (it loads spaCy).
os.environ["QUALCODE_BACKGROUND_INDEX"] = "0"
# Qt's QSettings (window layout) must not read or write the developer's own settings.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="qualcode-test-config-")

from qualcode.storage.project import Project


@pytest.fixture(autouse=True)
def own_qt_settings(tmp_path: Path) -> Iterator[Path]:
    """Each test keeps Qt settings (window size and docks, recent projects) in a folder of its
    own, so no test inherits another's window layout. Qt is only touched if already loaded."""
    folder = tmp_path / ".qt-settings"
    if "PySide6.QtCore" not in sys.modules:
        yield folder
        return
    from PySide6.QtCore import QSettings

    formats = (QSettings.Format.NativeFormat, QSettings.Format.IniFormat)
    for fmt in formats:
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    yield folder
    for fmt in formats:
        QSettings.setPath(fmt, QSettings.Scope.UserScope, os.environ["XDG_CONFIG_HOME"])


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    return tmp_path / "study.qcproj"


@pytest.fixture
def project(project_path: Path) -> Iterator[Project]:
    p = Project.create(project_path)
    yield p
    p.close()


@pytest.fixture(scope="session")
def prebuilt_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample project, built once per test session and closed. Never open it:
    tests get their own copy from :func:`sample_path`."""
    from qualcode.services.samples.samples import build_sample

    path = tmp_path_factory.mktemp("prebuilt-sample") / "sample.qcproj"
    build_sample(path).close()
    return path


@pytest.fixture
def sample_path(prebuilt_sample: Path, tmp_path: Path) -> Path:
    """A private copy of the sample project (the closed file only, never its ``.lock``)."""
    path = tmp_path / "sample.qcproj"
    shutil.copyfile(prebuilt_sample, path)
    return path
