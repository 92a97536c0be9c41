"""Quote attribution labels from a per-project template over case and document attributes.

A report reuses a quote in the theme chapter, the matrix and the appendix; it must read the same
way each time, e.g. ``(Female, aged 40-55)``. So the label is computed, never typed: one template
per project (``({gender}, aged {age_band})``, ``({role}, {kind})``) whose placeholders are the
speaker's case attributes and the document's attributes, by normalised name (lower case, anything
but letters and digits becoming ``_``: "Age band" → ``age_band``), plus ``{speaker}``,
``{document}`` and ``{kind}``. A case attribute wins over a document attribute of the same name.
When any placeholder has no value the fallback template is used, and when that also lacks a value,
``(Participant)``.

The template is a setting (a preference, not analysis): ``set_attribution_template`` (the CLI's)
is not undoable and not in the change log; the window saves it through the undoable
:func:`~qualcode.services.reports.attribution_edit.save_attribution_template` instead.
"""

from __future__ import annotations

import re
import string
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from qualcode.domain.errors import NotFoundError, ValidationError
from qualcode.domain.values import kind_label
from qualcode.services.project.settings import get_setting, set_setting
from qualcode.storage.models import Attribute, AttributeValue, Case, Coding, Document, Part
from qualcode.storage.project import Project

SETTING = "attribution_template"
DEFAULT_TEMPLATE = "({speaker})"
DEFAULT_FALLBACK = "(Participant)"
BUILTINS = ("speaker", "document", "kind")
_CHUNK = 900


def normalise_name(name: str) -> str:
    """``"Age band"`` → ``age_band``; ``"What is your age?"`` → ``what_is_your_age``."""
    return re.sub(r"[^0-9a-z]+", "_", name.casefold()).strip("_")


def _fields(template: str) -> list[str]:
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise ValidationError(f"The template '{template}' has unbalanced braces ({exc}).") from None
    out = []
    for _text, name, spec, conversion in parsed:
        if name is None:
            continue
        if spec or conversion:
            raise ValidationError(f"Write placeholders plainly, e.g. {{{name.split('!')[0]}}}.")
        if not normalise_name(name):
            raise ValidationError(f"The template '{template}' has an empty placeholder {{}}.")
        out.append(name)
    return out


def template_fields(template: str) -> list[str]:
    """The placeholder names in ``template`` as written; :class:`ValidationError` if malformed."""
    return _fields(template)


def render(template: str, fallback: str, values: dict[str, str]) -> str:
    """The label for one extract; ``values`` is keyed by normalised name."""
    for candidate in (template, fallback):
        names = _fields(candidate)
        if all(values.get(normalise_name(n), "").strip() for n in names):
            return string.Formatter().vformat(
                candidate, (), {n: values[normalise_name(n)].strip() for n in names}
            )
    return DEFAULT_FALLBACK


def placeholders(project: Project) -> list[str]:
    """The names a template may use: the built-ins, then every attribute's normalised name."""
    with project.read() as s:
        names = s.scalars(select(Attribute.name).order_by(Attribute.position, Attribute.id))
        out = dict.fromkeys(BUILTINS)
        for name in names:
            if normalise_name(name):
                out.setdefault(normalise_name(name), None)
    return list(out)


def checked_template(project: Project, template: str, fallback: str) -> tuple[str, str]:
    """(template, fallback) as they would be stored (empty means the default), or a
    :class:`ValidationError` naming unbalanced braces or unknown placeholders."""
    template = template.strip() or DEFAULT_TEMPLATE
    fallback = fallback.strip() or DEFAULT_FALLBACK
    known = set(placeholders(project))
    unknown = [n for n in _fields(template) + _fields(fallback) if normalise_name(n) not in known]
    if unknown:
        raise ValidationError(
            f"Unknown placeholder{'s' if len(unknown) > 1 else ''} "
            f"{', '.join('{' + n + '}' for n in unknown)}; use one of "
            f"{', '.join('{' + n + '}' for n in sorted(known))}."
        )
    return template, fallback


def set_attribution_template(
    project: Project, template: str, fallback: str = DEFAULT_FALLBACK
) -> None:
    """Store the project's template; an empty template restores the default ``({speaker})``."""
    template, fallback = checked_template(project, template, fallback)
    set_setting(project, SETTING, {"template": template, "fallback": fallback})


def attribution_template(project: Project) -> tuple[str, str]:
    """(template, fallback) in force."""
    raw = get_setting(project, SETTING, {})
    if not isinstance(raw, dict):
        raw = {}
    return (
        str(raw.get("template") or DEFAULT_TEMPLATE),
        str(raw.get("fallback") or DEFAULT_FALLBACK),
    )


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield list(ids[i : i + _CHUNK])


_Place = tuple[int, str, str, int | None, str | None]  # document id, name, kind; case id, name


def attributions(
    project: Project, coding_ids: Iterable[int], override: tuple[str, str] | None = None
) -> dict[int, str]:
    """The label of each coding (unknown ids are left out): one query per 900 codings for the
    speakers, one for their attributes. ``override`` (template, fallback) replaces the stored
    one, for a preview of a template not yet saved."""
    ids = sorted(set(coding_ids))
    template, fallback = override or attribution_template(project)
    speaker = and_(
        Part.document_id == Coding.document_id,
        Part.start <= Coding.start,
        Part.end > Coding.start,
        Part.case_id.is_not(None),
    )
    found: dict[Any, _Place] = {}
    with project.read() as s:
        for chunk in _chunks(ids):
            for cid, doc, name, kind, case, who in s.execute(
                select(Coding.id, Document.id, Document.name, Document.kind, Case.id, Case.name)
                .join(Document, Document.id == Coding.document_id)
                .outerjoin(Part, speaker)
                .outerjoin(Case, Case.id == Part.case_id)
                .where(Coding.id.in_(chunk))
            ):
                found.setdefault(cid, (doc, name, kind, case, who))
        return _labels(s, found, template, fallback)


def _labels(s: Session, found: dict[Any, _Place], template: str, fallback: str) -> dict[Any, str]:
    """Render the label of each place (keyed however the caller likes)."""
    cases = sorted({v[3] for v in found.values() if v[3] is not None})
    docs = sorted({v[0] for v in found.values()})
    case_attrs: dict[int, dict[str, str]] = defaultdict(dict)
    doc_attrs: dict[int, dict[str, str]] = defaultdict(dict)
    for column, wanted, into in (
        (AttributeValue.case_id, cases, case_attrs),
        (AttributeValue.document_id, docs, doc_attrs),
    ):
        for chunk in _chunks(wanted):
            for attr, value, owner in s.execute(  # owner: a case or a document id
                select(Attribute.name, AttributeValue.value, column)
                .join(AttributeValue, AttributeValue.attribute_id == Attribute.id)
                .where(column.in_(chunk))
            ):
                if owner is not None:
                    into[owner][normalise_name(attr)] = value
    out: dict[Any, str] = {}
    for key, (doc_id, doc_name, doc_kind, case_id, speaker_name) in found.items():
        values = dict(doc_attrs.get(doc_id, {}))
        if case_id is not None:
            values.update(case_attrs.get(case_id, {}))
        values.update(speaker=speaker_name or "", document=doc_name, kind=kind_label(doc_kind))
        out[key] = render(template, fallback, values)
    return out


def place_labels(
    project: Project, places: Iterable[tuple[int, int | None]]
) -> dict[tuple[int, int | None], str]:
    """The label of each (document id, speaking case id or None): what a search hit shows."""
    wanted = set(places)
    template, fallback = attribution_template(project)
    doc_ids = sorted({d for d, _c in wanted})
    case_ids = sorted({c for _d, c in wanted if c is not None})
    with project.read() as s:
        docs: dict[int, tuple[str, str]] = {}
        for chunk in _chunks(doc_ids):
            for i, name, kind in s.execute(
                select(Document.id, Document.name, Document.kind).where(Document.id.in_(chunk))
            ):
                docs[i] = (name, kind)
        names: dict[int, str] = {}
        for chunk in _chunks(case_ids):
            names.update(s.execute(select(Case.id, Case.name).where(Case.id.in_(chunk))).all())
        found: dict[Any, _Place] = {
            (d, c): (d, *docs[d], c, names.get(c) if c is not None else None)
            for d, c in wanted
            if d in docs
        }
        return _labels(s, found, template, fallback)


def attribution_for(project: Project, coding_id: int) -> str:
    label = attributions(project, [coding_id]).get(coding_id)
    if label is None:
        raise NotFoundError(f"There is no coding with id {coding_id}.")
    return label
