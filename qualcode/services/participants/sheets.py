"""Participant sheets: preview and import a CSV/XLSX of participants, and export it back.

The sheet is how a team records who took part, so importing it must be predictable: the preview
says which rows match which case (by name, by name ignoring case, or by a speaker label such as
``P3`` that a transcript links to that case), which rows would become new cases, which cases the
sheet leaves out, how each column will be typed and where it clashes with an attribute the project
already has. Then the import is one operation (one undo step) and refuses, changing nothing, when
the sheet has duplicated ids or no id column. Empty cells leave a value as it is, derived columns
(an age band) are recomputed rather than read, so export followed by import changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qualcode.domain.errors import ValidationError
from qualcode.domain.values import AttributeType, canonical_value
from qualcode.domain.wording import plural
from qualcode.importers.model import normalise_speaker
from qualcode.importers.participant_sheet import (
    ParticipantSheet,
    SheetColumn,
    SheetProblem,
    natural_key,
    read_participant_sheet,
)
from qualcode.services.participants.derived_values import definitions, refresh_derived
from qualcode.services.undo.changes import Change, log_change
from qualcode.services.undo.reversal import Insert, Reversal, Step, Update, apply_steps
from qualcode.services.undo.tracking import operation
from qualcode.storage.models import Attribute, AttributeValue, Case, Part, new_guid
from qualcode.storage.project import Project

__all__ = [
    "SheetColumnPreview",
    "SheetPreview",
    "SheetProblem",
    "SheetRow",
    "export_sheet",
    "import_sheet",
    "preview_sheet",
]


@dataclass(frozen=True)
class SheetRow:
    row: int  # as Excel numbers it
    id: str
    case_id: int | None = None
    case_name: str | None = None
    matched_by: str = ""  # "name" | "name, ignoring case" | "speaker label" | "" (a new case)


@dataclass(frozen=True)
class SheetColumnPreview:
    name: str
    type: str  # the type the values are stored as (the existing attribute's, else inferred)
    options: tuple[str, ...]  # a category's values in order
    attribute_id: int | None  # the existing case attribute it fills, None for a new one
    note: str = ""  # e.g. "fills the existing number attribute 'Age'", "derived: not imported"
    clash: str | None = None  # why the column cannot go into the existing attribute
    derived: bool = False


@dataclass(frozen=True)
class SheetPreview:
    file: str
    id_column: str | None
    matched: list[SheetRow]
    new: list[SheetRow]
    unmatched: list[tuple[int, str]]  # (case id, name) in the project, not in the sheet
    columns: list[SheetColumnPreview]
    problems: list[SheetProblem]
    warnings: list[str]

    @property
    def can_import(self) -> bool:
        return not any(p.blocking for p in self.problems)

    def summary(self) -> str:
        return (
            f"{self.file}: {plural(len(self.matched), 'row')} matched, "
            f"{plural(len(self.new), 'new case')}, "
            f"{plural(len(self.unmatched), 'case')} not in the sheet, "
            f"{plural(len(self.columns), 'column')}"
        )


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _matcher(s: Session) -> dict[str, dict[str, tuple[int, str]]]:
    """Lookups from an id to (case id, name): exact, by normalised name, by speaker label."""
    names = dict(s.execute(select(Case.id, Case.name)).all())
    by_key: dict[str, list[int]] = {}
    for case_id, name in names.items():
        by_key.setdefault(_key(name), []).append(case_id)
    by_label: dict[str, set[int]] = {}
    for label, speaker in s.execute(
        select(Part.speaker_label, Part.case_id)
        .where(Part.case_id.is_not(None), Part.speaker_label.is_not(None))
        .distinct()
    ):
        if label and speaker is not None:
            by_label.setdefault(normalise_speaker(label), set()).add(speaker)
    return {
        "name": {n: (i, n) for i, n in names.items()},
        "name, ignoring case": {k: (v[0], names[v[0]]) for k, v in by_key.items() if len(v) == 1},
        "speaker label": {
            k: (next(iter(v)), names[next(iter(v))]) for k, v in by_label.items() if len(v) == 1
        },
    }


def _match(lookups: dict[str, dict[str, tuple[int, str]]], ident: str) -> SheetRow | None:
    for how, key in (("name", ident), ("name, ignoring case", _key(ident))):
        if key in lookups[how]:
            return SheetRow(0, ident, *lookups[how][key], how)
    found = lookups["speaker label"].get(normalise_speaker(ident))
    return SheetRow(0, ident, *found, "speaker label") if found else None


def _column_preview(
    column: SheetColumn, attr: Attribute | None, derived: bool, rows: list[int], file: str
) -> SheetColumnPreview:
    if attr is None:
        return SheetColumnPreview(
            column.name, column.kind.value, tuple(column.options), None, "a new attribute"
        )
    if derived:
        note = f"'{attr.name}' is derived; recomputed, not read from the sheet"
        return SheetColumnPreview(column.name, attr.type, (), attr.id, note, derived=True)
    kind = AttributeType(attr.type)
    for value, row in zip(column.values, rows, strict=True):
        try:
            canonical_value(kind, value)
        except ValidationError as exc:
            clash = f"{file} (row {row}, column '{column.name}'): {exc} The attribute is a {kind}."
            return SheetColumnPreview(column.name, attr.type, (), attr.id, "", clash)
    options = list(json.loads(attr.options)) if attr.options else []
    known = {o.casefold() for o in options}
    added = sorted({v for v in column.values if v and v.casefold() not in known}, key=natural_key)
    note = f"fills the existing {kind.value} attribute '{attr.name}'"
    if kind is AttributeType.CATEGORY and options and added:
        note += f", adding {', '.join(added)}"
    return SheetColumnPreview(
        column.name, attr.type, tuple(options + added) if options else (), attr.id, note
    )


def _preview(s: Session, sheet: ParticipantSheet) -> SheetPreview:
    lookups = _matcher(s)
    matched: list[SheetRow] = []
    new: list[SheetRow] = []
    seen: set[int] = set()
    for ident, row in zip(sheet.ids, sheet.row_numbers, strict=True):
        found = _match(lookups, ident)
        if found is None:
            new.append(SheetRow(row, ident))
        else:
            matched.append(SheetRow(row, ident, found.case_id, found.case_name, found.matched_by))
            seen.add(found.case_id or 0)
    unmatched = [(i, n) for n, (i, _n) in sorted(lookups["name"].items()) if i not in seen]
    attrs = {_key(a.name): a for a in s.scalars(select(Attribute).where(Attribute.scope == "case"))}
    derived_ids = {d.attribute_id for d in definitions(s)}
    columns = []
    problems = list(sheet.problems)
    for column in sheet.columns:
        attr = attrs.get(_key(column.name))
        preview = _column_preview(
            column,
            attr,
            attr is not None and attr.id in derived_ids,
            sheet.row_numbers,
            sheet.source,
        )
        if preview.clash:
            problems.append(SheetProblem("clash", preview.clash, column=column.name, blocking=True))
        columns.append(preview)
    return SheetPreview(
        sheet.source, sheet.id_column, matched, new, unmatched, columns, problems, sheet.warnings
    )


def preview_sheet(project: Project, path: Path, id_column: str | None = None) -> SheetPreview:
    """What importing ``path`` would do, and what is wrong with it; nothing is written."""
    sheet = read_participant_sheet(Path(path), id_column)
    with project.read() as s:
        return _preview(s, sheet)


def _refusal(preview: SheetPreview) -> ValidationError:
    blocking = [p.message for p in preview.problems if p.blocking]
    more = f" (and {plural(len(blocking) - 3, 'more problem')})" if len(blocking) > 3 else ""
    return ValidationError("Nothing was imported: " + "; ".join(blocking[:3]) + more)


@operation
def import_sheet(
    project: Project, path: Path, id_column: str | None = None, create_missing: bool = True
) -> Change:
    """Write the sheet's values to its cases (and new cases for new rows when
    ``create_missing``), as one undo step; refused, changing nothing, on a blocking problem."""
    sheet = read_participant_sheet(Path(path), id_column)
    with project.session() as s:
        preview = _preview(s, sheet)
        if not preview.can_import:
            raise _refusal(preview)
        steps: list[Step] = []
        case_of: dict[int, int] = {r.row: r.case_id for r in preview.matched if r.case_id}
        next_case = s.scalar(select(func.max(Case.id))) or 0
        people: list[dict[str, object]] = []
        if create_missing:
            for r in preview.new:
                next_case += 1
                case_of[r.row] = next_case
                people.append(
                    {"id": next_case, "guid": new_guid(), "name": r.id, "description": None}
                    | {"is_facilitator": False}
                )
        steps.append(Insert("case", tuple(people)))
        created = len(people)
        next_attr = s.scalar(select(func.max(Attribute.id))) or 0
        position = s.scalar(select(func.max(Attribute.position))) or 0
        targets: list[tuple[SheetColumn, int, AttributeType]] = []
        spellings: list[dict[str, str]] = []  # a category's options by their lower case
        for column, info in zip(sheet.columns, preview.columns, strict=True):
            if info.derived:
                continue
            options = json.dumps(list(info.options), ensure_ascii=False) if info.options else None
            if info.attribute_id is None:
                next_attr += 1
                position += 1
                attr_row = {
                    "id": next_attr,
                    "guid": new_guid(),
                    "name": column.name,
                    "scope": "case",
                    "type": info.type,
                    "position": position,
                    "options": options,
                }
                steps.append(Insert("attribute", (attr_row,)))
                targets.append((column, next_attr, AttributeType(info.type)))
                spellings.append({})
            else:
                if options is not None:
                    steps.append(
                        Update("attribute", {"id": info.attribute_id}, {"options": options})
                    )
                targets.append((column, info.attribute_id, AttributeType(info.type)))
                spellings.append({o.casefold(): o for o in info.options})
        existing = {
            (a, c): (i, v)
            for i, a, c, v in s.execute(
                select(
                    AttributeValue.id,
                    AttributeValue.attribute_id,
                    AttributeValue.case_id,
                    AttributeValue.value,
                ).where(AttributeValue.case_id.is_not(None))
            )
        }
        next_value = s.scalar(select(func.max(AttributeValue.id))) or 0
        written = 0
        added: list[dict[str, object]] = []  # new values, inserted in one statement
        for (column, attr_id, kind), choices in zip(targets, spellings, strict=True):
            for raw, row_number in zip(column.values, sheet.row_numbers, strict=True):
                case_id = case_of.get(row_number)
                value = canonical_value(kind, raw) if raw else ""
                value = choices.get(value.casefold(), value)  # "female" is the option "Female"
                if case_id is None or not value:
                    continue
                have = existing.get((attr_id, case_id))
                if have is None:
                    next_value += 1
                    added.append(
                        {
                            "id": next_value,
                            "attribute_id": attr_id,
                            "case_id": case_id,
                            "document_id": None,
                            "value": value,
                        }
                    )
                elif have[1] != value:
                    steps.append(Update("attribute_value", {"id": have[0]}, {"value": value}))
                else:
                    continue
                written += 1
        steps.append(Insert("attribute_value", tuple(added)))
        inverse = apply_steps(s, steps)
        s.expire_all()
        inverse = refresh_derived(s, {a for _c, a, _k in targets}) + inverse
        summary = (
            f"Imported {preview.file}: {plural(len(preview.matched), 'case')} matched, "
            f"{plural(created, 'case')} added, {plural(written, 'value')} set"
        )
        log_change(s, project.coder_id, "import", "case", summary)
        return Change("import", "case", None, summary, Reversal(f"import {preview.file}", inverse))


def export_sheet(project: Project, out: Path) -> Path:
    """Every case with every case attribute to ``out`` (.csv or .xlsx), id column ``case``."""
    from qualcode.exporters.participant_sheet import SUFFIXES, write_participant_sheet

    out = Path(out)
    if out.suffix.lower() not in SUFFIXES:
        raise ValidationError(f"{out.name}: export the participant sheet as .csv or .xlsx.")
    with project.read() as s:
        attrs = s.execute(
            select(Attribute.id, Attribute.name, Attribute.type)
            .where(Attribute.scope == "case")
            .order_by(Attribute.position, Attribute.id)
        ).all()
        values: dict[tuple[int, int], str] = {
            (a, c): v
            for a, c, v in s.execute(
                select(AttributeValue.attribute_id, AttributeValue.case_id, AttributeValue.value)
            )
            if c is not None
        }
        people = s.execute(select(Case.id, Case.name).order_by(Case.name)).all()
    rows = [
        (name, [values.get((a, case_id), "") for a, _n, _t in attrs]) for case_id, name in people
    ]
    return write_participant_sheet(out, [(n, t) for _a, n, t in attrs], rows)
