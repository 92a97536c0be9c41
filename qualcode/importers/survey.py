"""Survey exports (one row per respondent) into cases, questions and answer parts.

Open answers are what researchers code; the closed columns (age band, role, services used) are
what they compare by. So each respondent becomes a case carrying the closed columns as typed
attributes, and each open answer becomes a part tied to its respondent and its question. Case names
include the instrument because a routed needs assessment often has several questionnaires whose
respondent numbers overlap ("Lived experience 1043" is not "Professional 1043").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from qualcode.domain.values import AttributeType, DocumentKind
from qualcode.importers.model import (
    FileImportError,
    ImportBatch,
    ImportedCase,
    ImportedDocument,
    ImportedPart,
    ImportedQuestion,
    normalise_speaker,
)
from qualcode.importers.survey_attributes import attribute_columns, infer_attribute_type
from qualcode.importers.survey_roles import (
    SurveyRoles,
    is_empty_answer,
    override_roles,
    resolve_column,
    suggest_roles,
)
from qualcode.importers.table import Table

__all__ = [
    "INSTRUMENT_ATTRIBUTE",
    "SurveyOptions",
    "SurveyRoles",
    "infer_attribute_type",
    "is_empty_answer",
    "override_roles",
    "question_label",
    "suggest_roles",
    "survey_from_table",
]
INSTRUMENT_ATTRIBUTE = "instrument"
_QUESTION_ID = re.compile(r"^\s*(Q?\d{1,3}[A-Za-z]?)\s*[.:)]\s*(.*)$", re.IGNORECASE | re.DOTALL)


@dataclass
class SurveyOptions:
    id_column: str | None = None  # None: respondents are numbered in row order
    attribute_columns: list[str] = field(default_factory=list)
    question_columns: list[str] = field(default_factory=list)
    layout: Literal["per_question", "per_respondent"] = "per_question"
    instrument: str = ""  # empty: the file's stem
    kind: DocumentKind = DocumentKind.SURVEY

    @classmethod
    def from_roles(cls, roles: SurveyRoles, **changes: object) -> SurveyOptions:
        options = cls(
            id_column=roles.id_column,
            attribute_columns=list(roles.attribute_columns),
            question_columns=list(roles.question_columns),
        )
        for key, value in changes.items():
            if not hasattr(options, key):
                raise TypeError(f"SurveyOptions has no field '{key}'")
            setattr(options, key, value)
        return options


def question_label(header: str, position: int) -> tuple[str, str]:
    """``("Q3", "What helped?")`` from ``"Q3. What helped?"``; else ``("Q<position>", header)``."""
    match = _QUESTION_ID.match(header)
    if match and match.group(2).strip():
        label = match.group(1)
        label = "Q" + (label[1:] if label[0] in "Qq" else label)
        return label, match.group(2).strip()
    return f"Q{position}", header


def survey_from_table(table: Table, options: SurveyOptions, *, content_hash: str) -> ImportBatch:
    """Build the batch: one case per respondent, one question per column, one part per answer."""
    src = table.source
    options = _resolved(table, options)
    _check_options(table, options)
    instrument = " ".join(options.instrument.split()) or Path(src).stem
    if not table.rows:
        raise FileImportError(src, "the file has a header but no responses")
    batch = ImportBatch(source=src, content_hash=content_hash, warnings=list(table.warnings))
    batch.layout = table.layout_name or "Table (1 header row)"
    ids = _respondent_ids(table, options.id_column)
    keys = [normalise_speaker(f"{instrument} {rid}") for rid in ids]

    batch.attribute_types[INSTRUMENT_ATTRIBUTE] = AttributeType.CATEGORY.value
    columns = {name: i for i, name in enumerate(table.headers)}
    made = attribute_columns(
        options.attribute_columns,
        {name: table.column(name) for name in options.attribute_columns},
        {name: table.group(name) for name in options.attribute_columns},
    )
    for attribute in made:
        if attribute.name.casefold() == INSTRUMENT_ATTRIBUTE:
            raise FileImportError(
                src,
                f"the column '{attribute.name}' clashes with the instrument attribute; rename it",
            )
        batch.attribute_types[attribute.name] = attribute.kind.value
        if attribute.options:
            batch.attribute_options[attribute.name] = attribute.options
    for r, (rid, key) in enumerate(zip(ids, keys, strict=True)):
        case = ImportedCase(
            name=f"{instrument} {rid}", attributes={INSTRUMENT_ATTRIBUTE: instrument}
        )
        for attribute in made:
            if attribute.values[r]:
                case.attributes[attribute.name] = attribute.values[r]
        batch.cases[key] = case

    questions: list[tuple[ImportedQuestion, str, int]] = []  # question, short text, column
    used: set[str] = set()
    for position, name in enumerate(options.question_columns, start=1):
        label, short = _label(table, name, position, options.question_columns)
        if label.casefold() in used:
            label = _free_label(f"Q{position}", used)
        used.add(label.casefold())
        question = ImportedQuestion(label=label, text=name, instrument=instrument)
        batch.questions[question.key] = question
        questions.append((question, short, columns[name]))

    if options.layout == "per_question":
        _per_question(batch, table, instrument, ids, keys, questions, options.kind)
    else:
        _per_respondent(batch, table, instrument, ids, keys, questions, options.kind)
    if not batch.documents:
        raise FileImportError(src, "none of the chosen question columns holds an answer")
    for doc in batch.documents:
        doc.provenance["layout"] = batch.layout
    batch.column_roles = _column_roles(table, options)
    return batch


def _resolved(table: Table, options: SurveyOptions) -> SurveyOptions:
    """The options with every column named as the table heads it (codes and case allowed)."""
    return SurveyOptions(
        id_column=resolve_column(table, options.id_column) if options.id_column else None,
        attribute_columns=[resolve_column(table, c) for c in options.attribute_columns],
        question_columns=[resolve_column(table, c) for c in options.question_columns],
        layout=options.layout,
        instrument=options.instrument,
        kind=options.kind,
    )


def _label(table: Table, name: str, position: int, questions: list[str]) -> tuple[str, str]:
    """A question's label and short text: the tool's code when it gave one ("Q2"); an "Other
    (please specify)" text is labelled after its question ("Q3 other"); else from the header."""
    code = table.code(name)
    if name in table.other_columns:
        group = table.group(name)
        parent = next((q for q in questions if table.group(q) == group and q != name), None)
        if code:
            return f"{group} other", name
        if parent is not None:
            return f"{question_label(parent, questions.index(parent) + 1)[0]} other", name
    if code:
        # A text-entry column ("Q5_TEXT") stands for its question.
        return (table.group(name) if code.upper().endswith("_TEXT") else code), name
    return question_label(name, position)


def _column_roles(table: Table, options: SurveyOptions) -> dict[str, str]:
    roles = {name: "ignored" for name in table.headers}
    for name in options.attribute_columns:
        roles[name] = "attribute"
    for name in options.question_columns:
        roles[name] = "question"
    if options.id_column is not None:
        roles[options.id_column] = "id"
    return roles


def _free_label(base: str, used: set[str]) -> str:
    label, n = base, 1
    while label.casefold() in used:
        n += 1
        label = f"{base}.{n}"
    return label


def _check_options(table: Table, options: SurveyOptions) -> None:
    src = table.source
    chosen = [c for c in [options.id_column] if c is not None]
    chosen += options.attribute_columns + options.question_columns
    unknown = [c for c in chosen if c not in table.headers]
    if unknown:
        raise FileImportError(
            src,
            f"no column named {', '.join(repr(c) for c in unknown)}; the columns are: "
            + ", ".join(table.headers),
        )
    if not options.question_columns:
        raise FileImportError(src, "choose at least one question column (the open answers)")
    twice = sorted({c for c in chosen if chosen.count(c) > 1})
    if twice:
        raise FileImportError(
            src, f"each column can have one role; {', '.join(twice)} is chosen more than once"
        )
    if options.layout not in ("per_question", "per_respondent"):
        raise FileImportError(src, f"unknown layout '{options.layout}'")


def _respondent_ids(table: Table, id_column: str | None) -> list[str]:
    if id_column is None:
        if table.layout_name:  # a tool that writes no id (Google Forms): R001, R002, ...
            width = max(3, len(str(len(table.rows))))
            return [f"R{i:0{width}d}" for i in range(1, len(table.rows) + 1)]
        return [str(i) for i in range(1, len(table.rows) + 1)]
    ids = [" ".join(v.split()) for v in table.column(id_column)]
    rows_by_key: dict[str, list[int]] = defaultdict(list)
    for rid, number in zip(ids, table.row_numbers, strict=True):
        if not rid:
            raise FileImportError(table.source, f"the {id_column} is empty", f"row {number}")
        rows_by_key[normalise_speaker(rid)].append(number)
    repeats = [(ids[table.row_numbers.index(n[0])], n) for n in rows_by_key.values() if len(n) > 1]
    if repeats:
        rid, numbers = repeats[0]
        rows = ", ".join(str(n) for n in numbers[:-1]) + f" and {numbers[-1]}"
        more = f" ({len(repeats) - 1} other IDs repeat too)" if len(repeats) > 1 else ""
        raise FileImportError(
            table.source,
            f"{id_column} {rid} appears in rows {rows}{more}; each respondent needs their own ID",
            f"rows {rows}",
        )
    return ids


def _shorten(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


def _answers(
    items: Iterable[tuple[str, str, str, str]],
) -> tuple[str, list[ImportedPart]]:
    """(heading, answer, respondent key, question key) → the document text, each non-empty answer
    under its heading and separated by a blank line, with an answer part per answer."""
    chunks: list[str] = []
    parts: list[ImportedPart] = []
    offset = 0
    for heading, answer, key, question in items:
        if is_empty_answer(answer):
            continue
        start = offset + len(heading)
        parts.append(ImportedPart(start, start + len(answer), "answer", key, None, question))
        chunks.append(heading + answer)
        offset = start + len(answer) + 2
    return "\n\n".join(chunks), parts


def _per_question(
    batch: ImportBatch,
    table: Table,
    instrument: str,
    ids: list[str],
    keys: list[str],
    questions: list[tuple[ImportedQuestion, str, int]],
    kind: DocumentKind,
) -> None:
    for question, short, column in questions:
        text, parts = _answers(
            (f"Respondent {rid}:\n", row[column], key, question.key)
            for rid, key, row in zip(ids, keys, table.rows, strict=True)
        )
        if not parts:
            batch.warnings.append(f"{question.label} ({_shorten(question.text)}) has no answers.")
            continue
        batch.documents.append(
            ImportedDocument(
                name=f"{instrument} - {question.label}: {_shorten(short)}",
                kind=kind.value,
                text=text,
                parts=parts,
                original_name=table.source,
                provenance={"column": question.text, "instrument": instrument},
            )
        )


def _per_respondent(
    batch: ImportBatch,
    table: Table,
    instrument: str,
    ids: list[str],
    keys: list[str],
    questions: list[tuple[ImportedQuestion, str, int]],
    kind: DocumentKind,
) -> None:
    silent = 0
    for rid, key, row, number in zip(ids, keys, table.rows, table.row_numbers, strict=True):
        text, parts = _answers(
            (f"{question.label}. {' '.join(short.split())}\n", row[column], key, question.key)
            for question, short, column in questions
        )
        if not parts:
            silent += 1
            continue
        batch.documents.append(
            ImportedDocument(
                name=f"{instrument} {rid}",
                kind=kind.value,
                text=text,
                parts=parts,
                original_name=table.source,
                provenance={"row": str(number), "instrument": instrument},
            )
        )
    if silent:
        batch.warnings.append(
            f"{silent} respondent(s) answered none of the chosen questions; they are cases "
            "without a document."
        )
