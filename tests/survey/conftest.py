"""The survey world, built once per session and copied for each test that writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.survey.world import build


@pytest.fixture(scope="session")
def survey_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("survey-world"))


@pytest.fixture
def survey_path(survey_world: Path, tmp_path: Path) -> Path:
    path = tmp_path / "survey.qcproj"
    shutil.copyfile(survey_world, path)
    return path
