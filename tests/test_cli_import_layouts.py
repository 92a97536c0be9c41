"""``qualcode import --preview`` names the transcript layout; ``--keep-same-speaker-blocks`` keeps
consecutive blocks by one speaker as separate turns."""

from __future__ import annotations

from pathlib import Path

from tests.test_cli import qc

OTTER = Path(__file__).parent / "importers" / "fixtures" / "transcripts" / "otter.txt"


def test_preview_names_the_layout_and_the_option_keeps_blocks(tmp_path: Path) -> None:
    project = str(tmp_path / "study.qcproj")
    merged = qc("import", project, str(OTTER), "--preview")
    assert merged.returncode == 0, merged.stderr
    assert "  layout: Otter.ai text export (Name  m:ss, then the text)" in merged.stdout
    assert "case 'Mira Patel': 2 parts" in merged.stdout
    kept = qc("import", project, str(OTTER), "--preview", "--keep-same-speaker-blocks")
    assert kept.returncode == 0, kept.stderr
    assert "case 'Mira Patel': 3 parts" in kept.stdout
