"""Rewrite a project's text with a replacement map, every span kept on the same words.

The one engine behind pseudonymisation and redaction. Documents are rewritten with
:mod:`qualcode.domain.replacements`, and their parts, codings and quotes moved by its remap; every
other place a name can hide is rewritten whole-word (document and case names, speaker labels,
attribute values, code and theme texts, memos, quotes' edited texts and attributions, question
texts, link rationales, saved map versions). All of it is one list of undo steps.

The change log is rewritten too but *not* through the undo steps: it is the audit trail, and
undoing a pseudonymisation must not bring real names back into it. The full-text index is
dropped (its passages and word forms would keep the old text) and rebuilt on the next search.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from qualcode.domain.errors import ValidationError
from qualcode.domain.replacements import find_edits, matcher
from qualcode.services.protection.document_edits import edit_document
from qualcode.services.search.search_index import forget_index
from qualcode.services.undo.reversal import Step, Update
from qualcode.storage.models import Base, Case, ChangeLog, Document

# Plain text fields a name can hide in: (table, key column, text columns).
FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("document", ("name", "original_name", "provenance")),
    ("case", ("name", "description")),
    ("part", ("speaker_label",)),
    ("attribute", ("options",)),  # a category's choices (JSON): a venue, a school
    ("attribute_value", ("value",)),
    ("code", ("name", "definition", "inclusion", "exclusion")),
    ("theme", ("name", "central_concept", "definition", "scope", "narrative")),
    ("memo", ("title", "text")),
    ("quote", ("edited_text", "attribution")),
    ("question", ("text", "options")),
    ("theme_item", ("rationale",)),
    ("recommendation", ("title", "text", "owner")),
    ("map_version", ("name", "snapshot")),
)


@dataclass
class RewriteReport:
    """What a rewrite changed (or, in a preview, would change). No text, only counts."""

    per_document: dict[str, int] = field(default_factory=dict)  # document name -> replacements
    per_string: Counter[str] = field(default_factory=Counter)  # map key -> occurrences in texts
    fields: int = 0  # other values rewritten (names, memos, labels...)
    spans_moved: int = 0

    @property
    def replacements(self) -> int:
        return sum(self.per_document.values())


def _check_case_names(s: Session, mapping: Mapping[str, str], ignore_case: bool) -> None:
    """Two cases must not end up with one name (names are unique)."""
    pattern = matcher(mapping, ignore_case=ignore_case)
    if pattern is None:
        return
    seen: dict[str, str] = {}
    for (name,) in s.execute(select(Case.name)):
        new = _replace(pattern, mapping, name, ignore_case)
        if new in seen and seen[new] != name:
            raise ValidationError(
                f"Two cases would both be called '{new}'. Give them different replacements, "
                "or merge the cases first.",
                ("mapping",),
            )
        seen[new] = name


def _replace(pattern: Any, mapping: Mapping[str, str], text: str, ignore_case: bool) -> str:
    if not text:
        return text
    folded = {k.casefold(): v for k, v in mapping.items()} if ignore_case else None

    def swap(m: Any) -> str:
        found = m.group()
        return folded[found.casefold()] if folded is not None else mapping[found]

    return str(pattern.sub(swap, text))


def rewrite(
    s: Session, mapping: Mapping[str, str], *, ignore_case: bool = False
) -> tuple[RewriteReport, list[Step]]:
    """What rewriting the whole project would change, read inside ``s``: the report and the
    forward steps. The caller applies the steps with ``apply_steps`` (so they become one undo
    step) and then calls :func:`scrub_log`; a preview only reads the report."""
    mapping = {k: v for k, v in mapping.items() if k.strip() and k != v}
    report = RewriteReport()
    steps: list[Step] = []
    pattern = matcher(mapping, ignore_case=ignore_case)
    if pattern is None:
        return report, steps
    _check_case_names(s, mapping, ignore_case)
    for doc_id, name, text in s.execute(select(Document.id, Document.name, Document.text)):
        edits = find_edits(text, mapping, ignore_case=ignore_case)
        if not edits:
            continue
        report.per_document[name] = len(edits)
        report.per_string.update(text[e.start : e.end] for e in edits)
        doc_steps, moved = edit_document(s, doc_id, text, edits)
        steps += doc_steps
        report.spans_moved += moved
    for table_name, columns in FIELDS:
        columns_of = Base.metadata.tables[table_name].c
        keys = [c.name for c in Base.metadata.tables[table_name].primary_key.columns]
        for row in s.execute(
            select(*(columns_of[k] for k in keys), *(columns_of[c] for c in columns))
        ):
            values = dict(zip(columns, row[len(keys) :], strict=True))
            changed = {
                c: _replace(pattern, mapping, v, ignore_case)
                for c, v in values.items()
                if isinstance(v, str) and pattern.search(v)
            }
            changed = {c: v for c, v in changed.items() if v != values[c]}
            if changed:
                report.fields += 1
                steps.append(
                    Update(table_name, dict(zip(keys, row[: len(keys)], strict=True)), changed)
                )
    return report, steps


def scrub_log(s: Session, mapping: Mapping[str, str], *, ignore_case: bool = False) -> int:
    """Rewrite the change log in place (never undone: see the module docstring)."""
    pattern = matcher(
        {k: v for k, v in mapping.items() if k.strip() and k != v}, ignore_case=ignore_case
    )
    if pattern is None:
        return 0
    n = 0
    for row_id, summary, details in s.execute(
        select(ChangeLog.id, ChangeLog.summary, ChangeLog.details)
    ):
        new_summary = _replace(pattern, mapping, summary, ignore_case)
        new_details = _replace(pattern, mapping, details, ignore_case) if details else details
        if new_summary != summary or new_details != details:
            s.execute(
                update(ChangeLog)
                .where(ChangeLog.id == row_id)
                .values(summary=new_summary, details=new_details)
            )
            n += 1
    forget_index(s)
    return n
