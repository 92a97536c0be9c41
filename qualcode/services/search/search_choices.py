"""What a search can be restricted to, and names typed on the command line turned into ids.

The search pane's restriction lists (document kinds, speakers, questions, attributes) and the
CLI's ``--speaker``/``--question`` arguments read the project here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select

from qualcode.domain.errors import NotFoundError
from qualcode.storage.models import Attribute, AttributeValue, Case, Document, Part, Question
from qualcode.storage.project import Project


@dataclass(frozen=True)
class SearchChoices:
    kinds: list[str]
    speakers: list[tuple[int, str, bool]]
    questions: list[tuple[int, str, str, str]]
    attributes: dict[str, list[str]] = field(default_factory=dict)


def search_choices(project: Project) -> SearchChoices:
    """What the restriction lists offer: kinds present, speakers, questions, attributes."""
    with project.read() as s:
        kinds = list(s.scalars(select(Document.kind).distinct().order_by(Document.kind)))
        speakers = [
            (i, n, bool(f))
            for i, n, f in s.execute(
                select(Case.id, Case.name, Case.is_facilitator)
                .where(Case.id.in_(select(Part.case_id).where(Part.case_id.is_not(None))))
                .order_by(Case.name)
            )
        ]
        questions = [
            (i, label, text, inst)
            for i, label, text, inst in s.execute(
                select(Question.id, Question.label, Question.text, Question.instrument).order_by(
                    Question.instrument, Question.position, Question.id
                )
            )
        ]
        attrs: dict[str, list[str]] = defaultdict(list)
        for _position, name, value in s.execute(
            # the ordering column is selected too: PostgreSQL's DISTINCT requires it
            select(Attribute.position, Attribute.name, AttributeValue.value)
            .distinct()
            .join(AttributeValue, AttributeValue.attribute_id == Attribute.id)
            .order_by(Attribute.position, Attribute.name, AttributeValue.value)
        ):
            if value.strip() and value not in attrs[name]:
                attrs[name].append(value)
    return SearchChoices(kinds, speakers, questions, dict(attrs))


def resolve_speakers(project: Project, names: Iterable[str]) -> frozenset[int]:
    """Case ids of speakers named (case-insensitive), or a NotFoundError listing who exists."""
    wanted = [n.strip() for n in names if n.strip()]
    with project.read() as s:
        known = {n.casefold(): i for i, n in s.execute(select(Case.id, Case.name))}
    missing = [n for n in wanted if n.casefold() not in known]
    if missing:
        raise NotFoundError(
            f"No speaker or respondent called {', '.join(repr(m) for m in missing)}; "
            f"there are {len(known)} (see 'qualcode info')."
        )
    return frozenset(known[n.casefold()] for n in wanted)


def resolve_questions(project: Project, labels: Iterable[str]) -> frozenset[int]:
    """Question ids by label ("Q3", every instrument's) or "instrument:label"."""
    out: set[int] = set()
    with project.read() as s:
        rows = s.execute(select(Question.id, Question.label, Question.instrument)).all()
    for raw in labels:
        inst, _, label = raw.rpartition(":")
        found = {
            i
            for i, lab, ins in rows
            if lab.casefold() == label.strip().casefold()
            and (not inst or ins.casefold() == inst.strip().casefold())
        }
        if not found:
            known = ", ".join(sorted({lab for _i, lab, _n in rows})) or "none"
            raise NotFoundError(f"No question labelled '{raw}'; the labels are: {known}.")
        out |= found
    return frozenset(out)
