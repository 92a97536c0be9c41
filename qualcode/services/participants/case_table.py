"""The Cases panel's table and the edits it makes on several cases at once.

A researcher reads the participants as a sheet: one row per case, one column per attribute, with
the documents each person speaks in. :func:`case_table` reads all of it in four short queries
(cases, attributes, values, who speaks where), whatever the number of cases, so a survey with
2,000 respondents opens at once. The edits here are the ones a sheet invites and the single-value
services in :mod:`qualcode.services.documents.cases` do not give: merging two cases that are one
person, setting one value on a selection, and marking a facilitator. Each is one operation (one
transaction, one undo step) built from reversible steps.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from qualcode.domain.errors import NotFoundError, ValidationError
from qualcode.domain.values import AttributeType, canonical_value
from qualcode.domain.wording import plural
from qualcode.services.participants.derived_values import refresh_derived, refuse_derived
from qualcode.services.undo.changes import Change, log_change
from qualcode.services.undo.reversal import (
    Delete,
    Insert,
    Reversal,
    Step,
    Update,
    apply_steps,
    keys_of,
)
from qualcode.services.undo.tracking import operation
from qualcode.storage.models import Attribute, AttributeValue, Case, Document, Memo, Part
from qualcode.storage.project import Project

Typed = str | float | dt.date | bool


@dataclass(frozen=True)
class CaseAttribute:
    """A case attribute: its type and, for a category, its values in the user's order."""

    id: int
    name: str
    type: str  # an AttributeType value
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class CaseRow:
    """One case with its stored values (canonical text, by attribute id)."""

    id: int
    name: str
    is_facilitator: bool
    values: dict[int, str]
    documents: tuple[str, ...]  # the documents it speaks in, by name
    parts: int  # its turns and answers
    document_ids: tuple[int, ...] = ()  # the same documents, by id

    def typed(self, attr: CaseAttribute) -> Typed | None:
        """The value as the type it stands for (``None`` when unset)."""
        return typed_value(attr.type, self.values.get(attr.id, ""))


@dataclass(frozen=True)
class CaseTable:
    attributes: tuple[CaseAttribute, ...]
    cases: tuple[CaseRow, ...]

    def attribute(self, name: str) -> CaseAttribute:
        for attr in self.attributes:
            if attr.name.casefold() == name.casefold():
                return attr
        raise NotFoundError(f"There is no case attribute called '{name}'.")


def typed_value(kind: str, stored: str) -> Typed | None:
    """A stored (canonical) value as a number, a date, yes/no or text; ``None`` when empty."""
    if stored == "":
        return None
    try:
        if kind == AttributeType.NUMBER:
            return float(stored)
        if kind == AttributeType.DATE:
            return dt.date.fromisoformat(stored)
    except ValueError:
        return stored  # written before the attribute was typed: shown as it is
    if kind == AttributeType.BOOLEAN:
        return stored == "true"
    return stored


def _options(raw: str | None) -> tuple[str, ...]:
    listed = json.loads(raw) if raw else []
    return tuple(str(o) for o in listed) if isinstance(listed, list) else ()


def case_table(project: Project) -> CaseTable:
    """Every case in name order with its attribute values, documents and turn count."""
    with project.read() as s:
        attributes = tuple(
            CaseAttribute(i, n, t, _options(o))
            for i, n, t, o in s.execute(
                select(Attribute.id, Attribute.name, Attribute.type, Attribute.options)
                .where(Attribute.scope == "case")
                .order_by(Attribute.position, Attribute.id)
            )
        )
        values: dict[int, dict[int, str]] = {}
        for case_id, attr_id, value in s.execute(
            select(AttributeValue.case_id, AttributeValue.attribute_id, AttributeValue.value).where(
                AttributeValue.case_id.is_not(None)
            )
        ):
            if case_id is not None:
                values.setdefault(case_id, {})[attr_id] = value
        documents: dict[int, list[str]] = {}
        document_ids: dict[int, list[int]] = {}
        parts: dict[int, int] = {}
        for case_id, doc_id, name, n in s.execute(
            select(Part.case_id, Document.id, Document.name, func.count(Part.id))
            .join(Document, Document.id == Part.document_id)
            .where(Part.case_id.is_not(None))
            .group_by(Part.case_id, Document.id, Document.name)
            .order_by(Document.position, Document.name)
        ):
            if case_id is not None:
                documents.setdefault(case_id, []).append(name)
                document_ids.setdefault(case_id, []).append(doc_id)
                parts[case_id] = parts.get(case_id, 0) + n
        cases = tuple(
            CaseRow(
                i,
                name,
                bool(facilitator),
                values.get(i, {}),
                tuple(documents.get(i, ())),
                parts.get(i, 0),
                tuple(document_ids.get(i, ())),
            )
            for i, name, facilitator in s.execute(
                select(Case.id, Case.name, Case.is_facilitator).order_by(Case.name)
            )
        )
    return CaseTable(attributes, cases)


@operation
def merge_cases(project: Project, keep_id: int, other_ids: Sequence[int]) -> Change:
    """Merge ``other_ids`` into ``keep_id``: their turns and memos move to the kept case, and a
    value the kept case lacks is taken from the first other case that has it. Values that
    disagree with the kept ones are dropped and named in the summary."""
    others = [i for i in dict.fromkeys(other_ids) if i != keep_id]
    if not others:
        raise ValidationError("Choose at least two cases to merge.")
    with project.session() as s:
        names: dict[int, str] = {
            i: n
            for i, n in s.execute(select(Case.id, Case.name).where(Case.id.in_([keep_id, *others])))
        }
        missing = [i for i in [keep_id, *others] if i not in names]
        if missing:
            raise NotFoundError(f"There is no case with id {missing[0]}.")
        attr_names: dict[int, str] = {
            i: n for i, n in s.execute(select(Attribute.id, Attribute.name))
        }
        kept: dict[int, str] = {
            a: v
            for a, v in s.execute(
                select(AttributeValue.attribute_id, AttributeValue.value).where(
                    AttributeValue.case_id == keep_id
                )
            )
        }
        order = {case_id: n for n, case_id in enumerate(others)}
        rows = sorted(
            s.execute(
                select(
                    AttributeValue.id,
                    AttributeValue.case_id,
                    AttributeValue.attribute_id,
                    AttributeValue.value,
                ).where(AttributeValue.case_id.in_(others))
            ),
            key=lambda r: (order[r[1] or 0], r[0]),
        )
        moved: list[int] = []
        dropped: list[int] = []
        conflicts: list[str] = []
        for value_id, case_id, attr_id, value in rows:
            if attr_id not in kept:
                kept[attr_id] = value
                moved.append(value_id)
                continue
            dropped.append(value_id)
            if value != kept[attr_id]:
                conflicts.append(
                    f"{attr_names.get(attr_id, '?')}: kept '{kept[attr_id]}', "
                    f"dropped '{value}' ({names[case_id or 0]})"
                )
        steps: list[Step] = [
            Update("part", k, {"case_id": keep_id})
            for k in keys_of(s, "part", Part.case_id.in_(others))
        ]
        steps += [
            Update("memo", k, {"case_id": keep_id})
            for k in keys_of(s, "memo", Memo.case_id.in_(others))
        ]
        steps.append(Delete("attribute_value", tuple({"id": i} for i in dropped)))
        steps += [Update("attribute_value", {"id": i}, {"case_id": keep_id}) for i in moved]
        steps.append(Delete("case", tuple({"id": i} for i in others)))
        inverse = apply_steps(s, steps)
        merged = ", ".join(f"'{names[i]}'" for i in others)
        summary = f"Merged {merged} into '{names[keep_id]}'"
        if conflicts:
            summary += f"; {plural(len(conflicts), 'value')} differed: " + "; ".join(conflicts)
        log_change(s, project.coder_id, "merge", "case", summary)
        return Change(
            "merge",
            "case",
            keep_id,
            summary,
            Reversal(f"merge into case '{names[keep_id]}'", inverse),
        )


@operation
def bulk_set(project: Project, case_ids: Sequence[int], attribute_name: str, value: str) -> Change:
    """Set (or, with an empty value, clear) one attribute on several cases: one undo step.

    The value is checked by the attribute's type as for a single case (a derived attribute is
    refused the same way); a refused value changes nothing. Written in a few statements, so
    setting a value on 2,000 respondents is quick."""
    ids = list(dict.fromkeys(case_ids))
    if not ids:
        raise ValidationError("Choose at least one case.")
    key = " ".join(attribute_name.split()).casefold()
    with project.session() as s:
        found = [
            (i, name, kind, options)
            for i, name, kind, options in s.execute(
                select(Attribute.id, Attribute.name, Attribute.type, Attribute.options).where(
                    Attribute.scope == "case"
                )
            )
            if name.casefold() == key
        ]
        if not found:
            raise NotFoundError(f"There is no case attribute called '{attribute_name}'.")
        attr_id, name, kind, options = found[0]
        refuse_derived(s, attr_id)
        stored = canonical_value(AttributeType(kind), value, list(_options(options)) or None)
        known: set[int] = set()
        existing: dict[int, tuple[int, str]] = {}
        for chunk in _chunks(ids):
            known.update(s.scalars(select(Case.id).where(Case.id.in_(chunk))))
            for case_id, value_id, old in s.execute(
                select(AttributeValue.case_id, AttributeValue.id, AttributeValue.value).where(
                    AttributeValue.attribute_id == attr_id, AttributeValue.case_id.in_(chunk)
                )
            ):
                if case_id is not None:
                    existing[case_id] = (value_id, old)
        missing = [i for i in ids if i not in known]
        if missing:
            raise NotFoundError(f"There is no case with id {missing[0]}.")
        steps: list[Step] = []
        if stored == "":
            steps.append(Delete("attribute_value", tuple({"id": v} for v, _o in existing.values())))
        else:
            steps += [
                Update("attribute_value", {"id": v}, {"value": stored})
                for v, old in existing.values()
                if old != stored
            ]
            next_id = (s.scalar(select(func.max(AttributeValue.id))) or 0) + 1
            rows = [
                {
                    "id": next_id + n,
                    "attribute_id": attr_id,
                    "case_id": case_id,
                    "document_id": None,
                    "value": stored,
                }
                for n, case_id in enumerate(i for i in ids if i not in existing)
            ]
            if rows:
                steps.append(Insert("attribute_value", tuple(rows)))
        inverse = apply_steps(s, steps)
        # bands and recodes of this attribute follow it, and come back with its undo
        inverse = refresh_derived(s, {attr_id}) + inverse
    label = f"Set {name} = {stored or '(none)'} on {plural(len(ids), 'case')}"
    return Change("update", "attribute_value", None, label, Reversal(label, inverse))


def _chunks(ids: list[int], size: int = 500) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


@operation
def set_facilitator(project: Project, case_id: int, facilitator: bool) -> Change:
    """Mark a case as a facilitator (an interviewer, a group's moderator) or as a participant."""
    with project.session() as s:
        case = s.get(Case, case_id)
        if case is None:
            raise NotFoundError(f"There is no case with id {case_id}.")
        name = case.name
        inverse = apply_steps(s, [Update("case", {"id": case_id}, {"is_facilitator": facilitator})])
        what = "a facilitator" if facilitator else "a participant"
        return Change(
            "update",
            "case",
            case_id,
            f"'{name}' is {what}",
            Reversal(f"mark '{name}' as {what}", inverse),
        )
