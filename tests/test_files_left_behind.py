"""What QualCode leaves on disk: owner-only files, no stale temporary copies, nothing with project
text in the system's temp folder, and a NUL inside a REFI source cleaned like everywhere else."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from qualcode.cli import main
from qualcode.domain.errors import ProjectLockedError, StorageError
from qualcode.domain.files import temp_name
from qualcode.services.project.inspect import check_project
from qualcode.services.refi.refi import import_refi
from qualcode.storage import lock as lock_module
from qualcode.storage.lock import lock_path
from qualcode.storage.models import Document
from qualcode.storage.project import Project
from tests.fuzz.seeds import build_seeds

ROOT = Path(__file__).resolve().parent.parent


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask() -> Iterator[None]:
    old = os.umask(0o022)  # the usual default: files would be world-readable
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_projects_locks_backups_and_exports_are_owner_only(
    tmp_path: Path, sample_path: Path, loose_umask: None
) -> None:
    path = tmp_path / "new.qcproj"
    with Project.create(path) as p:
        assert mode(path) == 0o600
        assert mode(lock_path(path)) == 0o600
        p.backup(tmp_path / "backup.qcproj")
    assert mode(tmp_path / "backup.qcproj") == 0o600
    os.chmod(sample_path, 0o600)
    for kind, name in (("codebook", "c.xlsx"), ("quotes", "q.docx"), ("qdpx", "p.qdpx")):
        assert main(["export", kind, str(sample_path), str(tmp_path / name)]) == 0
        assert mode(tmp_path / name) == 0o600, name
    assert main(["sample", str(tmp_path / "built.qcproj")]) == 0
    assert mode(tmp_path / "built.qcproj") == 0o600
    os.umask(0o077)  # a stricter umask still applies
    with Project.create(tmp_path / "strict.qcproj"):
        assert mode(tmp_path / "strict.qcproj") == 0o600


def test_stale_copies_are_removed_when_the_project_opens(tmp_path: Path) -> None:
    path = tmp_path / "study.qcproj"
    Project.create(path).close()
    dead = 2**22 + 12345  # above the usual pid_max: no such process
    stale = [
        path.with_name(f".study.qcproj.{dead}-0123abcd.tmp"),  # a killed backup or Save As
        path.with_name(f".study.qcproj.{dead}-89abcdef.new"),  # a killed create
        path.with_name(f"..study.qcproj.{dead}-89abcdef.new.{dead}-01234567.new"),
    ]
    live = temp_name(path)  # this process: still writing, must be kept
    other = tmp_path / f".other.qcproj.{dead}-0123abcd.tmp"  # another file's: not ours
    for p in [*stale, live, other]:
        p.write_bytes(b"a copy of the project")
    Project.open(path).close()
    assert [p for p in stale if p.exists()] == []
    assert live.exists() and other.exists()


def test_a_lock_that_cannot_be_written_is_not_left_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "study.qcproj"
    Project.create(path).close()

    def full(*_a: object, **_k: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(lock_module.json, "dump", full)
    with pytest.raises(StorageError, match=r"study\.qcproj\.lock: the disk is full"):
        Project.open(path)
    assert not lock_path(path).exists()


def test_an_unreadable_lock_is_respected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another user's owner-only lock cannot be read: it is held, not stale."""
    path = tmp_path / "study.qcproj"
    Project.create(path).close()
    lock_path(path).write_text("{}")
    real = Path.read_text

    def unreadable(self: Path, *a: object, **k: object) -> str:
        if self == lock_path(path):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(self, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "read_text", unreadable)
    with pytest.raises(ProjectLockedError, match="another user"):
        Project.open(path)
    assert lock_path(path).exists()


def test_nothing_with_project_text_goes_to_the_system_temp_folder(
    tmp_path: Path, sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))
    out = tmp_path / "out"
    out.mkdir()
    for kind, name in (
        ("codebook", "c.xlsx"),
        ("quotes", "q.docx"),
        ("counts", "n.xlsx"),
        ("matrix", "m.xlsx"),
        ("qdpx", "p.qdpx"),
    ):
        assert main(["export", kind, str(sample_path), str(out / name)]) == 0, kind
    (tmp_path / "seeds").mkdir()
    seeds = build_seeds(tmp_path / "seeds")
    docx_source = out / "docx-source.qdpx"
    docx_source.write_bytes(seeds["docx-source.qdpx"][1])
    with Project.create(tmp_path / "merged.qcproj") as p:
        import_refi(p, docx_source)
        import_refi(p, out / "p.qdpx")
    assert list(system_temp.iterdir()) == []


def test_a_nul_inside_a_refi_source_is_cleaned_and_the_project_passes_check(
    tmp_path: Path, project: Project
) -> None:
    (tmp_path / "seeds").mkdir()
    build_seeds(tmp_path / "seeds")  # writes seeds/project.qdpx
    source = tmp_path / "nul.qdpx"
    with (
        zipfile.ZipFile(source, "w") as out,
        zipfile.ZipFile(tmp_path / "seeds" / "project.qdpx") as original,
    ):
        for name in original.namelist():
            data = original.read(name)
            if name.startswith("sources/") and name.endswith(".txt") and len(data) > 40:
                data = data[:10] + b"\x00\x01" + data[12:]  # same length: positions still fit
            out.writestr(name, data)
    report = import_refi(project, source)
    assert any("control character" in line for line in report.lines), report.lines
    assert check_project(project) == []
    with project.read() as s:
        texts = [t for (t,) in s.query(Document.text)]
    assert all("\x00" not in t for t in texts)


def test_an_export_to_a_missing_folder_is_one_line(
    sample_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no such folder" / "c.xlsx"
    assert main(["export", "codebook", str(sample_path), str(target)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "no such folder" in err, err
