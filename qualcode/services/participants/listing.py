"""Every case with its attributes and the labels it speaks under: what ``qualcode cases`` prints.

Scripts check a project's participants the way a researcher reads the Cases panel: who each case
is (its attribute values by name, derived bands included), which documents they speak in and under
which label. Three queries, whatever the number of cases.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from qualcode.storage.models import Attribute, AttributeValue, Case, Document, Part
from qualcode.storage.project import Project


@dataclass(frozen=True)
class CaseSummary:
    id: int
    name: str
    is_facilitator: bool
    attributes: dict[str, str] = field(default_factory=dict)  # in the project's attribute order
    speakers: list[tuple[str, str]] = field(default_factory=list)  # (document, label)

    @property
    def documents(self) -> list[str]:
        return list(dict.fromkeys(d for d, _label in self.speakers))

    def as_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "facilitator": self.is_facilitator,
            "attributes": self.attributes,
            "documents": self.documents,
            "speakers": [{"document": d, "label": label} for d, label in self.speakers],
        }


def list_cases(project: Project) -> list[CaseSummary]:
    """Every case by name, with its case-attribute values and (document, speaker label) pairs."""
    with project.read() as s:
        people = s.execute(
            select(Case.id, Case.name, Case.is_facilitator).order_by(Case.name)
        ).all()
        values: dict[int, dict[str, str]] = {}
        for case_id, name, value in s.execute(
            select(AttributeValue.case_id, Attribute.name, AttributeValue.value)
            .join(Attribute, Attribute.id == AttributeValue.attribute_id)
            .where(AttributeValue.case_id.is_not(None))
            .order_by(Attribute.position, Attribute.id)
        ):
            if case_id is not None:
                values.setdefault(case_id, {})[name] = value
        spoken: dict[int, dict[tuple[str, str], None]] = {}
        for case_id, doc, label in s.execute(
            select(Part.case_id, Document.name, Part.speaker_label)
            .join(Document, Document.id == Part.document_id)
            .where(Part.case_id.is_not(None), Part.speaker_label.is_not(None))
            .order_by(Document.position, Document.id, Part.start)
        ):
            if case_id is not None and label:
                spoken.setdefault(case_id, {})[(doc, label)] = None
    return [
        CaseSummary(i, n, bool(f), values.get(i, {}), list(spoken.get(i, {}))) for i, n, f in people
    ]
