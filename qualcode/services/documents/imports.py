"""Write what importers return into the project: one import, one transaction.

A failure anywhere (a bad value, a cancel, a crash) leaves the project as it was. Speakers and
respondents are matched to existing cases by their normalised name, questions by instrument and
label, attributes by name; re-importing a file whose documents are already there is reported, not
duplicated. Imports are not undoable, but every document they add is removable.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from qualcode.domain.errors import QualCodeError, ValidationError
from qualcode.domain.values import AttributeType, DocumentKind, canonical_value
from qualcode.importers.model import FileImportError, ImportBatch, normalise_speaker
from qualcode.services.documents.documents import content_hash, normalise_text, word_count
from qualcode.services.documents.duplicates import skipped_as, stored_names
from qualcode.services.participants.derived_values import refresh_derived
from qualcode.services.undo.changes import log_change
from qualcode.storage.models import (
    Attribute,
    AttributeValue,
    Case,
    Document,
    Part,
    Question,
    new_guid,
    utcnow,
)
from qualcode.storage.project import Project

Progress = Callable[[int, int, str], None]


class ImportCancelled(QualCodeError):
    """The user cancelled; nothing was written."""


@dataclass
class ImportReport:
    source: str
    documents: list[tuple[int, str]] = field(default_factory=list)
    parts: int = 0
    cases_created: int = 0
    cases_matched: int = 0
    questions_created: int = 0
    attributes_created: int = 0
    duplicate_of: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def skipped(self) -> bool:
        return bool(self.duplicate_of) and not self.documents


def import_batches(
    project: Project,
    batches: Sequence[ImportBatch],
    *,
    allow_duplicates: bool = False,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[ImportReport]:
    """Write every batch in one transaction and report what each one created."""
    reports: list[ImportReport] = []
    import_id = str(uuid.uuid4())
    with project.session() as s:
        writer = _Writer(s, project.coder_id, import_id)
        for i, batch in enumerate(batches):
            if cancelled is not None and cancelled():
                raise ImportCancelled("Import cancelled; the project was not changed.")
            if progress is not None:
                progress(i, len(batches), batch.source)
            reports.append(writer.write(batch, allow_duplicates))
        refresh_derived(s)  # age bands of the respondents' and speakers' new ages
        if cancelled is not None and cancelled():
            raise ImportCancelled("Import cancelled; the project was not changed.")
        if progress is not None:
            progress(len(batches), len(batches), "saving")
    return reports


class _Writer:
    """State for one import transaction: lookups of what the project already has."""

    def __init__(self, s: Session, coder_id: int | None, import_id: str) -> None:
        self.s = s
        self.coder_id = coder_id
        self.import_id = import_id
        self.cases = {normalise_speaker(n): i for i, n in s.execute(select(Case.id, Case.name))}
        self.questions = {
            f"{ins}\x1f{label}": i
            for i, ins, label in s.execute(select(Question.id, Question.instrument, Question.label))
        }
        self.attributes: dict[tuple[str, str], tuple[int, str, list[str] | None]] = {
            (scope, name): (i, kind, json.loads(opts) if opts else None)
            for i, scope, name, kind, opts in s.execute(
                select(
                    Attribute.id, Attribute.scope, Attribute.name, Attribute.type, Attribute.options
                )
            )
        }
        self.position = s.scalar(select(func.max(Document.position))) or 0

    def write(self, batch: ImportBatch, allow_duplicates: bool) -> ImportReport:
        report = ImportReport(batch.source, warnings=list(batch.warnings))
        docs = [(d, normalise_text(d.text)) for d in batch.documents]
        if not allow_duplicates:
            hashes = [content_hash(text) for _, text in docs]
            # the same rule the import preview warns by (duplicates.find_duplicates)
            report.duplicate_of = skipped_as(hashes, stored_names(self.s, hashes))
            if report.duplicate_of:
                report.warnings.append(
                    f"{batch.source} was imported before (as {', '.join(report.duplicate_of)}); "
                    "skipped it."
                )
                return report
        case_ids = self._cases(batch, report)
        question_ids = self._questions(batch, report)
        for doc, text in docs:
            self.position += 1
            provenance = {
                "file": batch.source,
                "file_sha256": batch.content_hash,
                "import_id": self.import_id,
                **doc.provenance,
            }
            doc_id = self._insert_id(
                Document,
                guid=new_guid(),
                name=doc.name,
                kind=DocumentKind(doc.kind).value,
                text=text,
                content_hash=content_hash(text),
                word_count=word_count(text),
                char_count=len(text),
                original_name=doc.original_name or batch.source,
                provenance=json.dumps(provenance),
                imported_at=utcnow(),
                coder_id=self.coder_id,
                position=self.position,
            )
            parts = []
            for p in doc.parts:
                if not 0 <= p.start < p.end <= len(text):
                    raise FileImportError(
                        batch.source,
                        f"a part of '{doc.name}' lies outside its text ({p.start}-{p.end})",
                    )
                parts.append(
                    {
                        "document_id": doc_id,
                        "kind": p.kind,
                        "start": p.start,
                        "end": p.end,
                        "case_id": case_ids.get(p.speaker) if p.speaker else None,
                        "question_id": question_ids.get(p.question) if p.question else None,
                        "speaker_label": batch.cases[p.speaker].name
                        if p.speaker and p.speaker in batch.cases
                        else None,
                        "time_ms": p.time_ms,
                    }
                )
            if parts:
                self.s.execute(insert(Part), parts)
            for name, raw in doc.attributes.items():
                self._set_value(batch, "document", name, raw, doc_id, doc.name)
            log_change(
                self.s,
                self.coder_id,
                "import",
                "document",
                f"Imported '{doc.name}' from {batch.source}",
                None,
                {"import_id": self.import_id, "parts": len(parts)},
            )
            report.documents.append((doc_id, doc.name))
            report.parts += len(parts)
        return report

    def _insert_id(self, model: Any, **values: Any) -> int:
        new_id = self.s.scalar(insert(model).values(**values).returning(model.id))
        assert new_id is not None
        return int(new_id)

    def _cases(self, batch: ImportBatch, report: ImportReport) -> dict[str, int]:
        ids: dict[str, int] = {}
        for key, case in batch.cases.items():
            norm = normalise_speaker(case.name) or key
            case_id = self.cases.get(norm)
            if case_id is None:
                case_id = self._insert_id(
                    Case, guid=new_guid(), name=case.name, is_facilitator=case.is_facilitator
                )
                self.cases[norm] = case_id
                report.cases_created += 1
            else:
                report.cases_matched += 1
                if case.is_facilitator:
                    self.s.execute(
                        update(Case).where(Case.id == case_id).values(is_facilitator=True)
                    )
            ids[key] = case_id
            for name, raw in case.attributes.items():
                self._set_value(batch, "case", name, raw, case_id, case.name)
        return ids

    def _questions(self, batch: ImportBatch, report: ImportReport) -> dict[str, int]:
        ids: dict[str, int] = {}
        for position, (key, q) in enumerate(batch.questions.items()):
            qid = self.questions.get(q.key)
            if qid is None:
                qid = self._insert_id(
                    Question,
                    guid=new_guid(),
                    instrument=q.instrument,
                    label=q.label,
                    text=q.text,
                    options=json.dumps(q.options) if q.options else None,
                    position=position,
                )
                self.questions[q.key] = qid
                report.questions_created += 1
            ids[key] = qid
        return ids

    def _set_value(
        self, batch: ImportBatch, scope: str, name: str, raw: str, target: int, target_name: str
    ) -> None:
        if not raw.strip():
            return
        found = self.attributes.get((scope, name))
        if found is None:
            kind = batch.attribute_types.get(name, AttributeType.TEXT.value)
            choices = batch.attribute_options.get(name) if kind == "category" else None
            attr_id = self._insert_id(
                Attribute,
                guid=new_guid(),
                name=name,
                scope=scope,
                type=AttributeType(kind).value,
                options=json.dumps(choices) if choices else None,
                position=len(self.attributes) + 1,
            )
            found = (attr_id, kind, list(choices) if choices else None)
            self.attributes[(scope, name)] = found
        attr_id, kind, options = found
        if options is not None and kind == "category" and raw.strip() not in options:
            # A later file (another instrument, another wave) may offer an option the first did
            # not: the category grows rather than the import failing.
            options.append(raw.strip())
            self.s.execute(
                update(Attribute).where(Attribute.id == attr_id).values(options=json.dumps(options))
            )
        try:
            value = canonical_value(AttributeType(kind), raw, options)
        except ValidationError as exc:
            raise FileImportError(batch.source, f"{name} of {target_name}: {exc}") from None
        column = AttributeValue.case_id if scope == "case" else AttributeValue.document_id
        existing = self.s.scalar(
            select(AttributeValue.id).where(
                AttributeValue.attribute_id == attr_id, column == target
            )
        )
        if existing is None:
            self.s.execute(
                insert(AttributeValue).values(
                    attribute_id=attr_id,
                    value=value,
                    case_id=target if scope == "case" else None,
                    document_id=target if scope == "document" else None,
                )
            )
        else:
            self.s.execute(
                update(AttributeValue).where(AttributeValue.id == existing).values(value=value)
            )
