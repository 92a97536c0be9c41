"""Pseudonymise a project: real names, places and contact details replaced everywhere.

A map of real → replacement strings (from a CSV the user keeps outside the project, or typed in
the window) is applied to every document, speaker label, case name, memo and quote in one
undoable action (see :mod:`qualcode.services.protection.rewrite` for what is touched and how
spans keep their words). The map itself is never stored in the project: a shared project then
holds no real names. After applying, :meth:`Project.vacuum` rewrites the file so the old text is
not left in free pages (the CLI and the window do this; undo stays possible until the project is
closed, from memory).
"""

from __future__ import annotations

from collections.abc import Mapping

from qualcode.domain.changes import Changes
from qualcode.domain.errors import ValidationError
from qualcode.domain.wording import plural
from qualcode.services.protection.rewrite import RewriteReport, rewrite, scrub_log
from qualcode.services.undo.changes import Change, log_change
from qualcode.services.undo.reversal import Reversal, apply_steps
from qualcode.services.undo.tracking import operation
from qualcode.storage.project import Project


def check_mapping(mapping: Mapping[str, str]) -> dict[str, str]:
    """The map without blank or unchanged entries; refuses an empty replacement."""
    clean: dict[str, str] = {}
    for real, new in mapping.items():
        real, new = real.strip(), new.strip()
        if not real or real == new:
            continue
        if not new:
            raise ValidationError(
                f"'{real}' has no replacement; use a placeholder such as [name removed].",
                ("mapping",),
            )
        clean[real] = new
    return clean


def preview_pseudonymise(
    project: Project, mapping: Mapping[str, str], *, ignore_case: bool = False
) -> RewriteReport:
    """What :func:`pseudonymise` would change; nothing is written."""
    with project.read() as s:
        return rewrite(s, check_mapping(mapping), ignore_case=ignore_case)[0]


@operation
def pseudonymise(
    project: Project, mapping: Mapping[str, str], *, ignore_case: bool = False
) -> Change:
    """Apply ``mapping`` to the whole project as one undoable action."""
    clean = check_mapping(mapping)
    if not clean:
        raise ValidationError("The replacement map is empty.", ("mapping",))
    with project.session() as s:
        report, steps = rewrite(s, clean, ignore_case=ignore_case)
        if not steps:
            raise ValidationError("None of these strings occurs in the project.", ("mapping",))
        inverse = apply_steps(s, steps)
        scrub_log(s, clean, ignore_case=ignore_case)
        summary = (
            f"Pseudonymised {plural(len(clean), 'string')}: "
            f"{plural(report.replacements, 'replacement')} in "
            f"{plural(len(report.per_document), 'document')}, "
            f"{plural(report.fields, 'other value')}"
        )
        log_change(s, project.coder_id, "pseudonymise", "project", summary)  # no names in it
    return Change(
        "pseudonymise",
        "project",
        None,
        summary,
        Reversal("pseudonymisation", inverse),
        Changes.all(),
    )
