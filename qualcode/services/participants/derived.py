"""Derived attributes: age bands from a number, and recodes that harmonise a variable's values.

Reports attribute quotes by band ("aged 40-55") while sheets record ages, and a sheet typed by
three people holds ``F``, ``female`` and ``Female``. A band or a recode into a new attribute is
*derived*: its definition is stored and its values follow the source on every later write (see
:mod:`qualcode.services.participants.derived_values`), so the researcher never retypes them. A
recode in place (no new name) is a one-off clean-up of the source's own values. Each action is one
operation: one transaction, one undo step.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qualcode.domain.errors import NotFoundError, ValidationError
from qualcode.domain.values import AttributeType, clean_name
from qualcode.domain.wording import plural
from qualcode.services.participants.derived_values import (
    PREFIX,
    band_labels,
    band_of,
    check_cuts,
    definition_json,
    definitions,
    refresh_derived,
)
from qualcode.services.undo.changes import Change, log_change
from qualcode.services.undo.reversal import Insert, Reversal, Step, Update, apply_steps
from qualcode.services.undo.tracking import operation
from qualcode.storage.models import Attribute, AttributeValue, Setting, new_guid
from qualcode.storage.project import Project


@dataclass(frozen=True)
class DerivedDefinition:
    """A derived attribute as the Cases panel and the CLI list it."""

    name: str
    source: str
    kind: str  # "band" | "recode"
    cuts: tuple[float, ...] = ()
    mapping: dict[str, str] = field(default_factory=dict)
    scope: str = "case"


def find_attribute(s: Session, name: str) -> Attribute:
    """The attribute called ``name`` (exactly, else ignoring case and spacing); a case
    attribute wins over a document attribute of the same name."""
    attrs = list(s.scalars(select(Attribute).order_by(Attribute.scope, Attribute.id)))
    key = " ".join(name.split()).casefold()
    for match in (
        lambda a: a.name == name.strip(),
        lambda a: " ".join(a.name.split()).casefold() == key,
    ):
        found = [a for a in attrs if match(a)]
        if found:
            return next((a for a in found if a.scope == "case"), found[0])
    raise NotFoundError(f"There is no attribute called '{name}'.")


def _target(
    s: Session, name: str, scope: str, kind: str, options: list[str]
) -> tuple[int, str, list[Step]]:
    """(id, guid, steps) of the derived attribute: a new one, or an existing derived one whose
    choices are replaced (defining the same band again with other cuts)."""
    existing = s.scalar(select(Attribute).where(Attribute.scope == scope, Attribute.name == name))
    if existing is not None:
        if s.get(Setting, PREFIX + existing.guid) is None:
            raise ValidationError(
                f"The {scope} attribute '{name}' already exists and is not derived; "
                "choose another name."
            )
        change = {"type": kind, "options": json.dumps(options, ensure_ascii=False)}
        return existing.id, existing.guid, [Update("attribute", {"id": existing.id}, change)]
    attr_id = (s.scalar(select(func.max(Attribute.id))) or 0) + 1
    position = (s.scalar(select(func.max(Attribute.position))) or 0) + 1
    guid = new_guid()
    row = {
        "id": attr_id,
        "guid": guid,
        "name": name,
        "scope": scope,
        "type": kind,
        "position": position,
        "options": json.dumps(options, ensure_ascii=False) if options else None,
    }
    return attr_id, guid, [Insert("attribute", (row,))]


def _store(
    s: Session,
    project: Project,
    source: Attribute,
    name: str,
    kind: str,
    payload: object,
    options: list[str],
    type_: str,
    summary: str,
) -> Change:
    attr_id, guid, steps = _target(s, name, source.scope, type_, options)
    spec = definition_json(source.guid, kind, payload)
    if s.get(Setting, PREFIX + guid) is None:
        steps.append(Insert("setting", ({"key": PREFIX + guid, "value": spec},)))
    else:
        steps.append(Update("setting", {"key": PREFIX + guid}, {"value": spec}))
    inverse = apply_steps(s, steps)
    s.expire_all()
    inverse = refresh_derived(s, {source.id}, only={attr_id}) + inverse
    log_change(s, project.coder_id, "create", "attribute", summary, guid)
    return Change(
        "create",
        "attribute",
        attr_id,
        summary,
        Reversal(f"derive '{name}'", inverse),
    )


@operation
def define_band(
    project: Project, source: str, cuts: Sequence[int | float], name: str | None = None
) -> Change:
    """A category attribute of bands of the number attribute ``source`` (``18-24`` …), kept
    up to date when an age changes; named ``<source>_band`` unless ``name`` is given."""
    points = check_cuts(cuts)
    with project.session() as s:
        attr = find_attribute(s, source)
        if attr.type in (AttributeType.DATE.value, AttributeType.BOOLEAN.value):
            kind = "yes/no" if attr.type == AttributeType.BOOLEAN.value else "a date"
            raise ValidationError(f"Bands need numbers; '{attr.name}' is {kind}.")
        target = clean_name(name, "attribute name") if name else f"{attr.name}_band"
        labels = band_labels(points)
        values = list(
            s.scalars(select(AttributeValue.value).where(AttributeValue.attribute_id == attr.id))
        )
        odd = sum(1 for v in values if not band_of(v, points))
        counted = f"{plural(len(values) - odd, 'value')} banded" + (
            f", {plural(odd, 'value')} not a number left without a band" if odd else ""
        )
        return _store(
            s,
            project,
            attr,
            target,
            "band",
            [int(c) if c.is_integer() else c for c in points],
            labels,
            AttributeType.CATEGORY.value,
            f"Added '{target}': bands of '{attr.name}' ({', '.join(labels)}); {counted}",
        )


def _clean_mapping(mapping: Mapping[str, str]) -> dict[str, str]:
    out = {}
    for old, new in mapping.items():
        if old.strip() and new.strip():
            out[old.strip()] = " ".join(new.split())
    if not out:
        raise ValidationError("The recode maps no value; give at least one old → new value.")
    return out


@operation
def define_recode(
    project: Project, source: str, mapping: Mapping[str, str], name: str | None = None
) -> Change:
    """Harmonise values (``F``, ``female`` → ``Female``): in place when ``name`` is None,
    otherwise into a new attribute derived from ``source`` (kept up to date)."""
    wanted = _clean_mapping(mapping)
    with project.session() as s:
        attr = find_attribute(s, source)
        old_options = json.loads(attr.options) if attr.options else []
        seen = [wanted.get(str(o), str(o)) for o in old_options]
        values = s.scalars(
            select(AttributeValue.value).where(AttributeValue.attribute_id == attr.id)
        ).all()
        seen += sorted({wanted.get(v, v) for v in values} - set(seen), key=str.casefold)
        options = list(dict.fromkeys(seen))
        if name is not None:
            target = clean_name(name, "attribute name")
            type_ = attr.type if attr.type in ("category", "text") else "category"
            return _store(
                s,
                project,
                attr,
                target,
                "recode",
                wanted,
                options if type_ == "category" else [],
                type_,
                f"Added '{target}': '{attr.name}' recoded ({plural(len(wanted), 'value')})",
            )
        steps: list[Step] = [
            Update("attribute_value", {"id": i}, {"value": wanted[v]})
            for i, v in s.execute(
                select(AttributeValue.id, AttributeValue.value).where(
                    AttributeValue.attribute_id == attr.id
                )
            )
            if v in wanted and wanted[v] != v
        ]
        if attr.type == "category" and old_options:
            steps.append(Update("attribute", {"id": attr.id}, {"options": json.dumps(options)}))
        changed = sum(1 for st in steps if st.table == "attribute_value")
        inverse = apply_steps(s, steps)
        s.expire_all()
        inverse = refresh_derived(s, {attr.id}) + inverse
        summary = f"Recoded '{attr.name}': {plural(changed, 'value')} harmonised"
        log_change(s, project.coder_id, "update", "attribute", summary, attr.guid)
        return Change(
            "update", "attribute", attr.id, summary, Reversal(f"recode '{attr.name}'", inverse)
        )


def _variant_key(value: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", value.casefold())


def suggest_recode(project: Project, source: str) -> dict[str, str]:
    """old → new for values that differ only by case, spacing or punctuation (``female``,
    ``Female ``, ``FEMALE`` → the most used spelling, ties to the capitalised one), and one-letter
    abbreviations of a longer value (``F`` → ``Female`` when only one value starts with F)."""
    with project.read() as s:
        attr = find_attribute(s, source)
        values = list(
            s.scalars(select(AttributeValue.value).where(AttributeValue.attribute_id == attr.id))
        )
    counts: dict[str, int] = defaultdict(int)
    for v in values:
        counts[v] += 1
    groups: dict[str, list[str]] = defaultdict(list)
    for v in counts:
        groups[_variant_key(v)].append(v)
    best: dict[str, str] = {}
    for key, members in groups.items():
        best[key] = max(members, key=lambda v: (counts[v], v[:1].isupper(), v.istitle(), v))
    for key in [k for k in best if len(k) == 1]:
        longer = [k for k in best if len(k) > 1 and k.startswith(key)]
        if len(longer) == 1:
            best[key] = best[longer[0]]
    return {v: best[_variant_key(v)] for v in counts if best[_variant_key(v)] != v}


def derived_definitions(project: Project) -> list[DerivedDefinition]:
    """Every derived attribute with its source and cuts or mapping."""
    with project.read() as s:
        return [
            DerivedDefinition(d.name, d.source_name, d.kind, d.cuts, dict(d.mapping or {}), d.scope)
            for d in definitions(s)
        ]
