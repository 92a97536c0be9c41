"""REFI-QDA exchange: export the project as .qdc / .qdpx, import or merge one into it.

Export reads the project in one read transaction into a :class:`RefiProject` and hands it to the
pure writers. Where QualCode holds something the standard has no place for, it is carried in a form
other programs show as text and QualCode reads back:
- a code's inclusion/exclusion notes follow its definition in the Description;
- themes are Sets of their codes (sub-themes named ``Parent::Child``), the theme definition the
  Set's Description; with ``themes_as_codes`` also non-codable codes for tools without sets;
- document attributes are variables on one nameless Case per document (what NVivo and others
  write and read); category options are listed as JSON in the Variable's Description;
- memos are Notes referenced from what they annotate: project (Project/NoteRef), document
  (TextSource), code (Code), coding (Coding), theme (its Set's MemberNote), case (a Link from the
  note to the case, since Cases cannot hold a NoteRef); kinds other than analytic as Sets of Notes.
Theme status, scope, narrative, frameworks, quotes and speaker turns are not exported.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from qualcode.domain.errors import ProjectExistsError
from qualcode.domain.refi import RefiProject
from qualcode.exporters.refi_export import Positions, write_qdc, write_qdpx
from qualcode.importers.refi_import import read_refi
from qualcode.services.refi.refi_gather import gather_codebook, gather_project
from qualcode.services.refi.refi_merge import merge_refi
from qualcode.services.refi.refi_state import RefiReport
from qualcode.storage.project import Project


def export_qdc(project: Project, path: Path) -> RefiProject:
    """Write the codebook (codes, colours, definitions; themes as Sets) to ``path``."""
    data = gather_codebook(project)
    write_qdc(data, Path(path))
    return data


def export_qdpx(
    project: Project,
    path: Path,
    *,
    positions: Positions = "codepoint",
    themes_as_codes: bool = False,
) -> RefiProject:
    """Write the whole project (texts, codings, cases, variables, memos) to ``path``."""
    data = gather_project(project, themes_as_codes=themes_as_codes)
    write_qdpx(data, Path(path), positions)
    return data


def import_refi(project: Project, path: Path) -> RefiReport:
    """Read a .qdc or .qdpx and merge it into ``project`` in one transaction."""
    data = read_refi(Path(path))
    with project.session() as s:
        return merge_refi(s, data, project.coder_id, Path(path).name)


def new_project_from(project_path: Path, path: Path) -> tuple[Project, RefiReport]:
    """Create ``project_path`` from a .qdpx or .qdc.

    The project is built in a hidden file beside the target and moved into place only when it
    is complete: a failure, Ctrl+C or a kill never leaves an empty or half-merged project under
    the final name."""
    data = read_refi(Path(path))
    target = Path(project_path)
    if target.exists():
        raise ProjectExistsError(f"{target} already exists; choose another name.")
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.new")
    try:
        with Project.create(tmp) as building, building.session() as s:
            report = merge_refi(s, data, building.coder_id, Path(path).name)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return Project.open(target), report
