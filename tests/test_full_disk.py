"""A full disk: every command that writes ends in one clear line naming the file and the cause,
never the project's text; the project is as it was; no lock, temporary copy or half-written
file is left behind.

The disk is a real one: a 2 MB tmpfs when the tests run as root on Linux (CI does), so SQLite,
openpyxl, python-docx and zipfile all meet a real ENOSPC. Elsewhere a second test makes the same
kernel refuse writes through a file-size limit (EFBIG) in a child process.
"""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from qualcode.cli import main
from qualcode.services.project.inspect import check_project
from qualcode.storage.project import Project

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
# words from the sample transcripts: none may appear in an error message
TEXT = [
    line.strip()[:30]
    for line in (SAMPLES / "focus-group-40-55.txt").read_text("cp1252").splitlines()
]
SNIPPETS = [t for t in TEXT if len(t) >= 25][:20]


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    if sys.platform != "linux" or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a small tmpfs needs root on Linux")
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(mount)],
        capture_output=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path, leave: int) -> Path:
    """Take all but ``leave`` bytes of the disk's free space."""
    stat = os.statvfs(disk)
    free = stat.f_bavail * stat.f_frsize
    filler = disk / "filler"
    with filler.open("wb") as fh:
        fh.write(b"\0" * max(0, free - leave))
    return filler


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(list(args))
    gc.collect()  # a half-closed zip would complain from its finaliser now
    return code, capsys.readouterr().err


def clean_failure(code: int, err: str, *names: str, causes: tuple[str, ...] = ()) -> None:
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert any(c in err for c in ("disk is full", *causes)), err
    for name in names:
        assert name in err, err
    assert "Traceback" not in err and "internal error" not in err
    for snippet in SNIPPETS:
        assert snippet not in err


@pytest.fixture
def unraisable(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    seen: list[Any] = []
    monkeypatch.setattr(sys, "unraisablehook", seen.append)
    return seen


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_import_on_a_full_disk_changes_nothing(
    disk: Path, capsys: pytest.CaptureFixture[str], unraisable: list[Any]
) -> None:
    project = disk / "study.qcproj"
    assert run(capsys, "new", str(project))[0] == 0
    filler = fill(disk, 24_000)
    files = [str(p) for p in sorted(SAMPLES.iterdir()) if p.suffix in (".txt", ".docx", ".vtt")]
    code, err = run(capsys, "import", str(project), *files)
    clean_failure(code, err, "study.qcproj")
    assert listing(disk) == ["filler", "study.qcproj"]  # no lock, no journal, no copy
    filler.unlink()
    with Project.open(project) as p:
        assert check_project(p) == []
        assert p.revision() is not None
    assert run(capsys, "info", str(project))[0] == 0
    assert not unraisable


def test_new_projects_on_a_full_disk_leave_nothing(
    disk: Path,
    tmp_path: Path,
    sample_path: Path,
    capsys: pytest.CaptureFixture[str],
    unraisable: list[Any],
) -> None:
    qdpx = tmp_path / "sample.qdpx"
    assert run(capsys, "export", "qdpx", str(sample_path), str(qdpx))[0] == 0
    fill(disk, 200_000)
    code, err = run(capsys, "new", str(disk / "from.qcproj"), "--from", str(qdpx))
    clean_failure(code, err, "from.qcproj")
    code, err = run(capsys, "sample", str(disk / "sample.qcproj"))
    clean_failure(code, err, "sample.qcproj")
    assert listing(disk) == ["filler"]
    assert not unraisable


@pytest.mark.parametrize(
    "kind, name",
    [
        ("qdpx", "out.qdpx"),
        ("codebook", "codebook.xlsx"),
        ("quotes", "quotes.docx"),
        ("counts", "counts.xlsx"),
    ],
)
def test_exports_to_a_full_disk_leave_nothing(
    disk: Path,
    sample_path: Path,
    capsys: pytest.CaptureFixture[str],
    unraisable: list[Any],
    kind: str,
    name: str,
) -> None:
    fill(disk, 12_000)
    code, err = run(capsys, "export", kind, str(sample_path), str(disk / name))
    clean_failure(code, err, name)
    assert listing(disk) == ["filler"]
    assert not unraisable


def test_a_backup_to_a_full_disk_leaves_nothing(disk: Path, sample_path: Path) -> None:
    from qualcode.domain.errors import StorageError

    fill(disk, 50_000)
    with Project.open(sample_path) as p:
        with pytest.raises(StorageError, match=r"backup\.qcproj.*disk is full"):
            p.backup(disk / "backup.qcproj")
        assert check_project(p) == []
    assert listing(disk) == ["filler"]


LIMITED = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[1]), int(sys.argv[1])))
from qualcode.cli import main
raise SystemExit(main(sys.argv[2:]))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_a_refused_write_anywhere_is_one_clear_line(tmp_path: Path, sample_path: Path) -> None:
    """Without root: the kernel refuses every write past 4 kB (EFBIG) in a child process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    out = tmp_path / "codebook.xlsx"
    for args, name in (
        (["export", "quotes", str(sample_path), str(tmp_path / "q.docx")], "q.docx"),
        (["sample", str(tmp_path / "s.qcproj")], "s.qcproj"),
        (["export", "codebook", str(sample_path), str(out)], "codebook.xlsx"),
    ):
        done = subprocess.run(
            [sys.executable, "-c", LIMITED, "4096", *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=120,
        )
        # SQLite calls a refused write other than ENOSPC an I/O error
        clean_failure(done.returncode, done.stderr, name, causes=("too large", "I/O error"))
        assert "Exception ignored" not in done.stderr
    assert listing(tmp_path) == ["sample.qcproj"]
