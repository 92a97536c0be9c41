"""Damaged real-layout files through every importer: a clean one-line error naming the file, or an
import that leaves a project passing ``check``. Never a crash, never a half-written project.

Bounded for the suite (a fixed, derandomised set of examples per seed file); set
``QUALCODE_SOAK=N`` to run N random examples per seed instead (the figures in the issue notes come
from such runs).
"""

from __future__ import annotations

import itertools
import os
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualcode.domain.errors import QualCodeError
from qualcode.importers.boundary import CONTROL
from qualcode.importers.detect import load_file
from qualcode.importers.model import FileImportError
from qualcode.services.documents.imports import import_batches
from qualcode.services.frameworks.frameworks import import_framework
from qualcode.services.project.inspect import check_project
from qualcode.services.refi.refi import import_refi
from qualcode.storage.project import Project
from tests.fuzz.mutations import mutations_for
from tests.fuzz.seeds import build_seeds

SOAK = int(os.environ.get("QUALCODE_SOAK", "0"))
EXAMPLES = SOAK or 10
_names = itertools.count()


class Seeds(dict[str, tuple[str, bytes]]):
    def __repr__(self) -> str:  # hypothesis prints its arguments: not 700 kB of files
        return f"<{len(self)} seed files>"


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Seeds:
    return Seeds(build_seeds(tmp_path_factory.mktemp("fuzz-seeds")))


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("fuzz-projects")
    opened: dict[str, Project] = {}

    def get(seed: str) -> Project:
        if seed not in opened:
            opened[seed] = Project.create(folder / f"{len(opened)}.qcproj")
        return opened[seed]

    yield get
    for project in opened.values():
        project.close()


def _import(project: Project, importer: str, path: Path) -> None:
    if importer == "file":
        batch = load_file(path)
        for doc in batch.documents:
            assert not CONTROL.search(doc.text), "a control character got through"
            assert "\r" not in doc.text
            for part in doc.parts:
                assert 0 <= part.start <= part.end <= len(doc.text)
        import_batches(project, [batch], allow_duplicates=True)
    elif importer == "refi":
        import_refi(project, path)
    else:
        import_framework(project, path, name=f"fuzzed {next(_names)}")


def _clean_error(exc: QualCodeError, path: Path) -> None:
    message = str(exc)
    assert "\n" not in message.strip(), f"a multi-line error: {message!r}"
    assert "Traceback" not in message
    if isinstance(exc, FileImportError):
        assert message.startswith(path.name), f"the error does not name the file: {message!r}"


SEED_NAMES = [
    "consultation-response.docx",
    "consultation-response.rtf",
    "focus-group-20-35.docx",
    "focus-group-40-55.txt",
    "informal-conversation.pdf",
    "interview-timestamps.odt",
    "interview-video-call-2.srt",
    "interview-video-call.vtt",
    "quote-sheet.xlsx",
    "research-grid-01.docx",
    "research-grid-03.txt",
    "survey-lived-experience.csv",
    "survey-professionals.xlsx",
    "from-harm-to-hope-2021.csv",
    "from-harm-to-hope-2021.xlsx",
    "project.qdpx",
    "codebook.qdc",
    "docx-source.qdpx",
]


@pytest.mark.parametrize("seed", SEED_NAMES)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not SOAK,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_damaged_files_give_clean_errors_or_sound_projects(
    seed: str, seeds, projects, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:  # type: ignore[no-untyped-def]
    importer, original = seeds[seed]
    suffix = Path(seed).suffix
    mutation = data.draw(st.sampled_from(mutations_for(suffix)), label="mutation")
    rng = random.Random(data.draw(st.integers(0, 2**32 - 1), label="rng"))
    damaged = mutation(original, rng)
    path = tmp_path_factory.getbasetemp() / f"damaged-{seed}"
    path.write_bytes(damaged)
    project = projects(seed)
    try:
        _import(project, importer, path)
    except QualCodeError as exc:
        _clean_error(exc, path)
    problems = check_project(project)
    assert problems == [], problems
