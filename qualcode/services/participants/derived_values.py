"""Derived attribute values (age bands, recodes), recomputed inside whatever writes their source.

A derived attribute is only useful if it is never stale: an age band that still says ``40-55``
after the age was corrected to 38 puts a quote under the wrong attribution in every report. So
its values are not typed by anyone; they are recomputed from the source attribute in the same
transaction as any write to the source (:func:`refresh_derived`, called by
``set_attribute_value``, the participant-sheet import and the REFI import), and the recompute's
inverse steps join that write's reversal, so undoing the write restores the old band as well.

A definition is kept in a ``setting`` row per derived attribute (``derived:<attribute guid>``,
JSON with the source attribute's GUID, the kind and its cuts or mapping). Not in
``Attribute.options``: that column is the category's ordered choices, read as a JSON list by the
matrix, the counts, the REFI export and pseudonymisation, and the band attribute needs its
choices there like any other category. A definition whose attribute or source is gone is ignored.

This module knows no services (``cases.py`` imports it), only the session and reversal steps.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qualcode.domain.errors import ValidationError
from qualcode.services.undo.reversal import Delete, Insert, Step, Update, apply_steps
from qualcode.storage.models import Attribute, AttributeValue, Setting

PREFIX = "derived:"
_MAX_DEPTH = 8  # a recode of a band of ...: far more than anyone chains


@dataclass(frozen=True)
class Definition:
    """A stored definition, resolved to attribute ids."""

    attribute_id: int
    attribute_guid: str
    name: str
    scope: str
    source_id: int
    source_name: str
    kind: str  # "band" | "recode"
    cuts: tuple[float, ...] = ()
    mapping: Mapping[str, str] | None = None


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def check_cuts(cuts: Sequence[float]) -> tuple[float, ...]:
    """The cut points as floats, refused unless finite and strictly increasing."""
    if not cuts:
        raise ValidationError("Give at least one cut point, e.g. 18,25,40,56,66.")
    values = tuple(float(c) for c in cuts)
    if not all(math.isfinite(v) for v in values):
        raise ValidationError("Cut points must be numbers.")
    for low, high in itertools.pairwise(values):
        if high <= low:
            raise ValidationError(
                f"Cut points must increase: {_number_text(low)} is followed by "
                f"{_number_text(high)}."
            )
    return values


def band_labels(cuts: Sequence[float]) -> list[str]:
    """``under 18``, ``18-24``, …, ``66+`` for cuts 18,25,40,56,66; with a fractional cut the
    bands read ``1.5 to under 2.5``."""
    whole = all(float(c).is_integer() for c in cuts)
    labels = [f"under {_number_text(cuts[0])}"]
    for low, high in itertools.pairwise(cuts):
        if whole:
            labels.append(f"{_number_text(low)}-{_number_text(high - 1)}")
        else:
            labels.append(f"{_number_text(low)} to under {_number_text(high)}")
    labels.append(f"{_number_text(cuts[-1])}+")
    return labels


def band_of(value: str, cuts: Sequence[float]) -> str:
    """The band of one stored value; "" for an empty value or one that is not a number."""
    text = value.strip().replace(",", "")
    try:
        number = float(text)
    except ValueError:
        return ""
    if not math.isfinite(number):
        return ""
    labels = band_labels(cuts)
    for index, cut in enumerate(cuts):
        if number < cut:
            return labels[index]
    return labels[-1]


def recode_of(value: str, mapping: Mapping[str, str]) -> str:
    """``mapping[value]``, else the value unchanged (an unmapped value is kept, not lost)."""
    return mapping.get(value.strip(), value.strip())


def derive(definition: Definition, value: str) -> str:
    if definition.kind == "band":
        return band_of(value, definition.cuts)
    return recode_of(value, definition.mapping or {}) if value.strip() else ""


def definition_json(source_guid: str, kind: str, payload: object) -> str:
    key = "cuts" if kind == "band" else "mapping"
    return json.dumps({"source": source_guid, "kind": kind, key: payload}, ensure_ascii=False)


def definitions(s: Session) -> list[Definition]:
    """Every stored definition whose attribute and source still exist, in attribute order."""
    attrs = {a.guid: a for a in s.scalars(select(Attribute))}
    out: list[Definition] = []
    for key, raw in s.execute(
        select(Setting.key, Setting.value).where(Setting.key.like(f"{PREFIX}%"))
    ):
        try:
            spec = json.loads(raw)
        except ValueError:
            continue
        attr = attrs.get(key[len(PREFIX) :])
        source = attrs.get(str(spec.get("source", "")))
        if attr is None or source is None or attr.id == source.id:
            continue
        kind = spec.get("kind")
        if kind == "band" and isinstance(spec.get("cuts"), list):
            try:
                cuts = check_cuts([float(c) for c in spec["cuts"]])
            except (ValidationError, TypeError, ValueError):
                continue
            out.append(
                Definition(
                    attr.id, attr.guid, attr.name, attr.scope, source.id, source.name, kind, cuts
                )
            )
        elif kind == "recode" and isinstance(spec.get("mapping"), dict):
            mapping = {str(k): str(v) for k, v in spec["mapping"].items()}
            out.append(
                Definition(
                    attr.id,
                    attr.guid,
                    attr.name,
                    attr.scope,
                    source.id,
                    source.name,
                    kind,
                    mapping=mapping,
                )
            )
    positions = {a.id: (a.position, a.id) for a in attrs.values()}
    return sorted(out, key=lambda d: positions[d.attribute_id])


def _values(
    s: Session, attribute_id: int, scope: str, owners: Collection[int] | None
) -> dict[int, tuple[int, str]]:
    """owner id → (value row id, value) of one attribute."""
    owner = AttributeValue.case_id if scope == "case" else AttributeValue.document_id
    stmt = select(owner, AttributeValue.id, AttributeValue.value).where(
        AttributeValue.attribute_id == attribute_id, owner.is_not(None)
    )
    if owners is not None:
        stmt = stmt.where(owner.in_(list(owners)))
    return {o: (i, v) for o, i, v in s.execute(stmt) if o is not None}


def _steps_for(
    s: Session, d: Definition, owners: Collection[int] | None, next_id: list[int]
) -> list[Step]:
    source = _values(s, d.source_id, d.scope, owners)
    current = _values(s, d.attribute_id, d.scope, owners)
    steps: list[Step] = []
    for owner in sorted(set(source) | set(current)):
        want = derive(d, source[owner][1]) if owner in source else ""
        have = current.get(owner)
        if have is not None and want == "":
            steps.append(Delete("attribute_value", ({"id": have[0]},)))
        elif have is not None and have[1] != want:
            steps.append(Update("attribute_value", {"id": have[0]}, {"value": want}))
        elif have is None and want:
            next_id[0] += 1
            row = {
                "id": next_id[0],
                "attribute_id": d.attribute_id,
                "case_id": owner if d.scope == "case" else None,
                "document_id": owner if d.scope == "document" else None,
                "value": want,
            }
            steps.append(Insert("attribute_value", (row,)))
    return steps


def refresh_derived(
    s: Session,
    source_ids: Collection[int] | None = None,
    *,
    case_id: int | None = None,
    document_id: int | None = None,
    only: Collection[int] | None = None,
) -> tuple[Step, ...]:
    """Recompute the derived attributes of the sources ``source_ids`` (all when None), for one
    case or document or for all owners, then of whatever derives from those in turn; ``only``
    limits the first round to these derived attributes. Returns the inverse steps (for the
    caller's reversal); nothing when nothing derives from the sources."""
    defs = definitions(s)
    if not defs:
        return ()
    owner_id = case_id if case_id is not None else document_id
    owners = None if owner_id is None else (owner_id,)
    inverse: list[Step] = []
    wanted = None if source_ids is None else set(source_ids)
    for depth in range(_MAX_DEPTH):
        round_defs = [
            d
            for d in defs
            if (wanted is None or d.source_id in wanted)
            and (depth > 0 or only is None or d.attribute_id in only)
            and (owners is None or d.scope == ("case" if case_id is not None else "document"))
        ]
        if not round_defs:
            break
        next_id = [s.scalar(select(func.max(AttributeValue.id))) or 0]
        for d in round_defs:
            steps = _steps_for(s, d, owners, next_id)
            inverse = list(apply_steps(s, steps)) + inverse
        wanted = {d.attribute_id for d in round_defs}
    return tuple(inverse)


def refuse_derived(s: Session, attribute_id: int) -> None:
    """A derived attribute is never typed: its values would be silently replaced at the next
    change of its source, so a direct edit is refused, naming the source to change instead."""
    for d in definitions(s):
        if d.attribute_id == attribute_id:
            what = "bands of" if d.kind == "band" else "a recode of"
            raise ValidationError(
                f"'{d.name}' is derived ({what} '{d.source_name}'); change '{d.source_name}' "
                "instead."
            )
