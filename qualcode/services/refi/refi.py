"""REFI-QDA exchange: export the project as .qdc / .qdpx, import or merge one into it.

Export reads the project in one read transaction into a :class:`RefiProject` (the documents
streamed a chunk at a time) and hands it to the pure writers. Where QualCode holds something the
standard has no place for, it is carried in a form other programs show as text and QualCode reads
back:
- a code's inclusion/exclusion notes follow its definition in the Description;
- themes are Sets of their codes (sub-themes named ``Parent::Child``), the theme definition the
  Set's Description; with ``themes_as_codes`` also non-codable codes for tools without sets;
- document attributes are variables on one nameless Case per document (what NVivo and others
  write and read); category options are listed as JSON in the Variable's Description;
- memos are Notes referenced from what they annotate: project (Project/NoteRef), document
  (TextSource), code (Code), coding (Coding), theme (its Set's MemberNote), case (a Link from the
  note to the case, since Cases cannot hold a NoteRef); kinds other than analytic as Sets of Notes.
Document parts (speaker turns, answers, paragraphs) go out as selections named for their kind,
a case's parts as its SelectionRefs (:mod:`qualcode.services.refi.refi_parts`). Theme status,
scope, narrative, frameworks and quotes are not exported.

Import can be previewed (:func:`preview_refi` runs the real merge and rolls it back, so the preview
cannot drift from what the import will do) and cancelled: a ``cancelled`` check is asked before the
one transaction commits, and a cancelled import or new project leaves nothing behind.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from qualcode.domain.errors import Cancelled, ProjectExistsError, QualCodeError
from qualcode.domain.files import remove_stale_temps, temp_name, write_error
from qualcode.domain.refi import RefiExportSummary, RefiProject
from qualcode.exporters.refi_export import write_qdc
from qualcode.exporters.refi_qdpx import Positions, write_qdpx
from qualcode.importers.refi_import import read_refi
from qualcode.services.participants.derived_values import refresh_derived
from qualcode.services.refi.refi_gather import gather_codebook, gather_head
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
) -> RefiExportSummary:
    """Write the whole project (texts, codings, cases, variables, memos) to ``path``, streaming
    the documents from one read transaction."""
    with project.read() as s:
        data, feed = gather_head(project, s, themes_as_codes=themes_as_codes)
        return write_qdpx(data, Path(path), positions, feed)


Check = Callable[[], bool]


def _never() -> bool:
    return False


def _stop_if(cancelled: Check, file: str) -> None:
    if cancelled():
        raise Cancelled(f"Import of {file} cancelled; nothing was changed.")


def import_refi(project: Project, path: Path, *, cancelled: Check = _never) -> RefiReport:
    """Read a .qdc or .qdpx and merge it into ``project`` in one transaction.

    ``cancelled`` is asked once the file is read and again before the commit: when it says so,
    :class:`Cancelled` is raised and the transaction rolls back whole."""
    name = Path(path).name
    data = read_refi(Path(path))
    _stop_if(cancelled, name)
    with project.session() as s:
        report = merge_refi(s, data, project.coder_id, name)
        refresh_derived(s)  # bands and recodes of the merged values (issue 15)
        _stop_if(cancelled, name)
    return report


class _Rollback(Exception):
    """Raised inside the preview's transaction so that it rolls back."""


def preview_refi(project: Project, path: Path) -> RefiReport:
    """What importing ``path`` would create and match, without changing the project.

    The merge runs for real in a transaction that is then rolled back, so the preview counts
    exactly what :func:`import_refi` would."""
    if project.in_transaction:  # rolling back would take the caller's work with it
        raise QualCodeError("A REFI-QDA preview cannot run inside another action.")
    data = read_refi(Path(path))
    found: list[RefiReport] = []
    try:
        with project.session() as s:
            found.append(merge_refi(s, data, project.coder_id, Path(path).name))
            raise _Rollback
    except _Rollback:
        pass
    return found[0]


def new_project_from(
    project_path: Path, path: Path, *, cancelled: Check = _never
) -> tuple[Project, RefiReport]:
    """Create ``project_path`` from a .qdpx or .qdc.

    The project is built in a hidden file beside the target and moved into place only when it
    is complete: a failure, Ctrl+C, a kill or ``cancelled`` never leaves an empty or half-merged
    project under the final name."""
    data = read_refi(Path(path))
    target = Path(project_path)
    if target.exists():
        raise ProjectExistsError(f"{target} already exists; choose another name.")
    remove_stale_temps(target)  # what a killed earlier attempt left
    tmp = temp_name(target, "new")
    try:
        with Project.create(tmp, shown_as=target) as building, building.session() as s:
            report = merge_refi(s, data, building.coder_id, Path(path).name)
        _stop_if(cancelled, Path(path).name)
        os.replace(tmp, target)
    except OSError as exc:
        raise write_error(exc, target) from None
    finally:
        tmp.unlink(missing_ok=True)
    return Project.open(target), report
