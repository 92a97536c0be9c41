"""Cases (participants, respondents, groups, sites) and their typed attribute values."""

from __future__ import annotations

import json

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qualcode.domain.errors import NotFoundError, ValidationError
from qualcode.domain.values import AttributeType, canonical_value, clean_name
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
from qualcode.storage.models import Attribute, AttributeValue, Case, Memo, Part
from qualcode.storage.project import Project


def _case(s: Session, case_id: int) -> Case:
    case = s.get(Case, case_id)
    if case is None:
        raise NotFoundError(f"There is no case with id {case_id}.")
    return case


@operation
def create_case(
    project: Project, name: str, description: str | None = None, is_facilitator: bool = False
) -> Change:
    name = clean_name(name, "case name")
    with project.session() as s:
        if s.scalar(select(Case.id).where(Case.name == name)) is not None:
            raise ValidationError(f"A case called '{name}' already exists.")
        case = Case(name=name, description=description, is_facilitator=is_facilitator)
        s.add(case)
        s.flush()
        log_change(s, project.coder_id, "create", "case", f"Added case '{name}'", case.guid)
        return Change(
            "create",
            "case",
            case.id,
            f"Added case '{name}'",
            Reversal(f"add case '{name}'", (Delete("case", ({"id": case.id},)),)),
        )


@operation
def rename_case(project: Project, case_id: int, name: str) -> Change:
    name = clean_name(name, "case name")
    with project.session() as s:
        case = _case(s, case_id)
        old = case.name
        clash = s.scalar(select(Case.id).where(Case.name == name, Case.id != case_id))
        if clash is not None:
            raise ValidationError(f"A case called '{name}' already exists.")
        inverse = apply_steps(s, [Update("case", {"id": case_id}, {"name": name})])
        log_change(
            s, project.coder_id, "rename", "case", f"Renamed case '{old}' to '{name}'", case.guid
        )
        return Change(
            "rename",
            "case",
            case_id,
            f"Renamed '{old}' to '{name}'",
            Reversal(f"rename case '{old}'", inverse),
        )


@operation
def delete_case(project: Project, case_id: int) -> Change:
    """Delete a case; its turns stay in their documents, unattributed (restored by undo)."""
    with project.session() as s:
        case = _case(s, case_id)
        name, guid = case.name, case.guid
        s.expunge(case)
        parts = keys_of(s, "part", Part.case_id == case_id)
        steps: list[Step] = [Update("part", k, {"case_id": None}) for k in parts]
        steps += [
            Delete("memo", keys_of(s, "memo", Memo.case_id == case_id)),
            Delete(
                "attribute_value", keys_of(s, "attribute_value", AttributeValue.case_id == case_id)
            ),
            Delete("case", ({"id": case_id},)),
        ]
        inverse = apply_steps(s, steps)
        log_change(s, project.coder_id, "delete", "case", f"Deleted case '{name}'", guid)
        return Change(
            "delete",
            "case",
            case_id,
            f"Deleted case '{name}'",
            Reversal(f"delete case '{name}'", inverse),
        )


@operation
def define_attribute(
    project: Project,
    name: str,
    type_: AttributeType | str = AttributeType.TEXT,
    scope: str = "case",
    options: list[str] | None = None,
) -> Change:
    """A typed variable for cases (``scope='case'``) or documents (``scope='document'``)."""
    name = clean_name(name, "attribute name")
    kind = AttributeType(type_)
    if scope not in ("case", "document"):
        raise ValidationError(f"Attributes belong to cases or documents, not '{scope}'.")
    with project.session() as s:
        exists = s.scalar(
            select(Attribute.id).where(Attribute.scope == scope, Attribute.name == name)
        )
        if exists is not None:
            raise ValidationError(f"The {scope} attribute '{name}' already exists.")
        position = (s.scalar(select(func.max(Attribute.position))) or 0) + 1
        attr = Attribute(
            name=name,
            scope=scope,
            type=kind.value,
            position=position,
            options=json.dumps(options) if options else None,
        )
        s.add(attr)
        s.flush()
        log_change(
            s,
            project.coder_id,
            "create",
            "attribute",
            f"Added {scope} attribute '{name}' ({kind.value})",
            attr.guid,
        )
        return Change(
            "create",
            "attribute",
            attr.id,
            f"Added attribute '{name}'",
            Reversal(f"add attribute '{name}'", (Delete("attribute", ({"id": attr.id},)),)),
        )


@operation
def set_attribute_value(
    project: Project,
    attribute_id: int,
    raw: str,
    *,
    case_id: int | None = None,
    document_id: int | None = None,
) -> Change:
    """Set (or, with an empty value, clear) one attribute value of a case or a document."""
    if (case_id is None) == (document_id is None):
        raise ValidationError("Give exactly one of a case or a document.")
    with project.session() as s:
        attr = s.get(Attribute, attribute_id)
        if attr is None:
            raise NotFoundError(f"There is no attribute with id {attribute_id}.")
        target_scope = "case" if case_id is not None else "document"
        if attr.scope != target_scope:
            raise ValidationError(f"'{attr.name}' is a {attr.scope} attribute.")
        if case_id is not None:
            _case(s, case_id)
        refuse_derived(s, attribute_id)
        options = json.loads(attr.options) if attr.options else None
        value = canonical_value(AttributeType(attr.type), raw, options)
        existing = s.scalar(
            select(AttributeValue.id).where(
                AttributeValue.attribute_id == attribute_id,
                AttributeValue.case_id.is_(None)
                if case_id is None
                else AttributeValue.case_id == case_id,
                AttributeValue.document_id.is_(None)
                if document_id is None
                else AttributeValue.document_id == document_id,
            )
        )
        steps: list[Step]
        if existing is not None and value == "":
            steps = [Delete("attribute_value", ({"id": existing},))]
        elif existing is not None:
            steps = [Update("attribute_value", {"id": existing}, {"value": value})]
        elif value == "":
            steps = []
        else:
            new_id = (s.scalar(select(func.max(AttributeValue.id))) or 0) + 1
            steps = [
                Insert(
                    "attribute_value",
                    (
                        {
                            "id": new_id,
                            "attribute_id": attribute_id,
                            "case_id": case_id,
                            "document_id": document_id,
                            "value": value,
                        },
                    ),
                )
            ]
        inverse = apply_steps(s, steps)
        # bands and recodes of this attribute follow it, and come back with its undo
        inverse = (
            refresh_derived(s, {attribute_id}, case_id=case_id, document_id=document_id) + inverse
        )
        return Change(
            "update",
            "attribute_value",
            existing,
            f"{attr.name} = {value or '(none)'}",
            Reversal(f"set {attr.name}", inverse),
        )


def case_attributes(project: Project, case_id: int) -> dict[str, str]:
    """The attribute values of one case, by attribute name."""
    with project.read() as s:
        rows = s.execute(
            select(Attribute.name, AttributeValue.value)
            .join(AttributeValue, AttributeValue.attribute_id == Attribute.id)
            .where(AttributeValue.case_id == case_id)
            .order_by(Attribute.position)
        ).all()
    return {name: value for name, value in rows}


def find_case(project: Project, name: str) -> int:
    """The id of the case called ``name`` (case and spacing ignored), or a clear error."""
    key = " ".join(name.split()).casefold()
    with project.read() as s:
        found = [
            (case_id, case_name)
            for case_id, case_name in s.execute(select(Case.id, Case.name))
            if " ".join(case_name.split()).casefold() == key
        ]
    if not found:
        raise NotFoundError(f"There is no case called '{name}'.")
    return int(found[0][0])
