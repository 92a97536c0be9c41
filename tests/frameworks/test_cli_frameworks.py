"""``qualcode framework add|list`` and ``qualcode link`` through their own parsers."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from qualcode.cli.frameworks import add_parsers, run_framework, run_link
from qualcode.domain.errors import NotFoundError, QualCodeError, ValidationError
from qualcode.importers.model import FileImportError
from qualcode.services.frameworks.framework_links import cross_cutting_themes, theme_links
from qualcode.services.frameworks.frameworks import list_frameworks
from qualcode.services.themes import themes
from qualcode.storage.project import Project


def _run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="qualcode")
    add_parsers(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return run_framework(args) if args.command == "framework" else run_link(args)


def test_framework_add_list_and_link(
    project_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Project.create(project_path) as p:
        themes.create_theme(p, "Being believed")
        themes.create_theme(p, "Keeping people alive")
    path = str(project_path)
    assert _run("framework", "add", path, "--bundled", "wirral") == 0
    assert "5 priorities, 33 items" in capsys.readouterr().out
    assert _run("link", path, "Keeping people alive", "p4.5", "--rationale", "Naloxone") == 0
    assert _run("link", path, "being believed", "Combat the stigma", "--secondary") == 0
    assert _run("link", path, "Being believed", "*") == 0
    assert "cross-cutting" in capsys.readouterr().out
    csv = tmp_path / "local.csv"
    csv.write_text("id,parent_id,label,aliases\nL1,,Local,\n", encoding="utf-8")
    assert _run("framework", "add", path, str(csv), "--name", "Local plan") == 0
    with pytest.raises(ValidationError, match="several frameworks"):
        _run("link", path, "Being believed", "L1")
    assert _run("link", path, "Being believed", "L1", "--framework", "local plan") == 0
    capsys.readouterr()
    assert _run("framework", "list", path, "--items") == 0
    out = capsys.readouterr().out
    assert "Wirral Drugs Strategy 2023-2027: 5 priorities, 33 items, 2 theme links" in out
    assert "    P3.2  Increase treatment quality." in out and "Local plan" in out
    with Project.open(project_path, readonly=True) as p:
        wirral = list_frameworks(p)[0].id
        got = {(link.theme_name, link.ref, link.strength, link.rationale)
               for link in theme_links(p, wirral) if not link.cross_cutting}  # fmt: skip
        assert got == {
            ("Keeping people alive", "P4.5", "primary", "Naloxone"),
            ("Being believed", "P1.2", "secondary", ""),
        }
        assert len(cross_cutting_themes(p, wirral)) == 1


def test_cli_errors_are_qualcode_errors(project_path: Path, tmp_path: Path) -> None:
    Project.create(project_path).close()
    path = str(project_path)
    with pytest.raises(ValidationError, match="either a framework file or --bundled"):
        _run("framework", "add", path)
    bad = tmp_path / "bad.csv"
    bad.write_text("id,label\nA,Alpha\n", encoding="utf-8")
    with pytest.raises(FileImportError, match=r"bad\.csv"):
        _run("framework", "add", path, str(bad))
    with pytest.raises(NotFoundError, match="no theme"):
        _run("link", path, "Nothing", "P1")
    with Project.open(project_path) as p:
        themes.create_theme(p, "Trust")
    with pytest.raises(QualCodeError, match="no framework"):
        _run("link", path, "Trust", "P1")


def test_attribution_template_from_the_cli(sample_path) -> None:
    from tests.test_cli import qc

    path = sample_path
    shown = qc("attribution", str(path))
    assert shown.returncode == 0 and "{gender}" in shown.stdout
    ok = qc("attribution", str(path), "({gender})", "--fallback", "(Participant)")
    assert ok.returncode == 0 and "({gender})" in ok.stdout
    bad = qc("attribution", str(path), "({shoe_size})")
    assert bad.returncode == 2 and "Unknown placeholder {shoe_size}" in bad.stderr
    assert "({gender})" in qc("attribution", str(path)).stdout
