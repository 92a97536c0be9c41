"""Research grids: a self-completed form becomes one document, one case and its answers.

A grid starts with header fields (``Date: ...``, ``Pseudonym: ...``, ``Age: ...``) and continues
with numbered questions, each followed by the participant's answer. The header describes the one
person who filled it in, so the fields become attributes of that case (and of the document, for
filtering documents); each answer becomes a part tied to the question, so answers to Q3 can be
read side by side across every grid in the project.
"""

from __future__ import annotations

import re

from qualcode.domain.errors import ValidationError
from qualcode.domain.values import AttributeType, DocumentKind, canonical_value
from qualcode.importers.model import (
    FileImportError,
    ImportBatch,
    ImportedCase,
    ImportedDocument,
    ImportedPart,
    ImportedQuestion,
    normalise_speaker,
)
from qualcode.importers.textspans import Line, split_lines, trim_span

# `Q1. text`, `Q1: text`, `Q 1) text`, `Question 1: text`, `1. text`, `1) text`.
_QUESTION = re.compile(
    r"[ \t]*(?:(?P<prefix>Question|Q)[ \t]*(?P<qnum>\d{1,3}[a-z]?)[ \t]*[.:)\-–][ \t]*"
    r"|(?P<num>\d{1,3})[ \t]*[.)][ \t]+(?=\S))",
    re.IGNORECASE,
)
_FIELD = re.compile(r"[ \t]*(?P<label>[^\W\d_][\w '’/()&-]{0,39}?)[ \t]*:[ \t]*(?P<value>\S.*)")
_NAME_FIELDS = ("pseudonym", "participant", "participant id", "name", "id", "respondent")
_INTEGER = re.compile(r"-?(?:0|[1-9]\d{0,8})")
_LONG_VALUE = 60
_LEADING_DIGITS = re.compile(r"\d+")
_TITLE_WORDS = frozenset(
    ["grid", "form", "study", "research", "questionnaire", "survey", "project", "title"]
)


def attribute_type(value: str) -> AttributeType:
    """Date for a parseable date, number for an integer without leading zeros, else category
    (text for long free-text values)."""
    if _INTEGER.fullmatch(value):
        return AttributeType.NUMBER
    try:
        canonical_value(AttributeType.DATE, value)
    except ValidationError:
        pass
    else:
        return AttributeType.DATE
    return AttributeType.TEXT if len(value) > _LONG_VALUE else AttributeType.CATEGORY


def _question_starts(text: str, lines: list[Line]) -> list[tuple[int, re.Match[str]]]:
    """Lines opening a question. A bare number (``2.``) must follow on from the previous question,
    so a numbered list inside an answer is not mistaken for questions."""
    found: list[tuple[int, re.Match[str]]] = []
    previous: int | None = None
    for index, line in enumerate(lines):
        match = _QUESTION.match(text, line.start, line.end)
        if match is None:
            continue
        if match["num"] and previous is not None and int(match["num"]) != previous + 1:
            continue
        digits = _LEADING_DIGITS.match(match["qnum"] or match["num"])
        previous = int(digits[0]) if digits else previous
        found.append((index, match))
    return found


def _header_fields(text: str, lines: list[Line]) -> dict[str, str]:
    """``Label: value`` lines; a first line such as "Research grid: housing" is a title."""
    fields: dict[str, str] = {}
    first = True
    for line in lines:
        content = line.of(text)
        if not content.strip():
            continue
        match = _FIELD.fullmatch(content)
        label = " ".join(match["label"].split()) if match else ""
        is_title = first and any(w in _TITLE_WORDS for w in label.casefold().split())
        first = False
        if match is None or is_title or not label or label in fields:
            continue
        fields[label] = " ".join(match["value"].split())
    return fields


def grid_from_text(
    text: str,
    *,
    name: str,
    source: str,
    content_hash: str,
    instrument: str = "Research grid",
) -> ImportBatch:
    """One document, one case (from the header fields) and one answer part per question."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = split_lines(text)
    starts = _question_starts(text, lines)
    if not starts:
        raise FileImportError(
            source, "no numbered questions found (expected lines such as 'Q1. ...' or '1. ...')"
        )
    batch = ImportBatch(source=source, content_hash=content_hash)
    fields = _header_fields(text, lines[: starts[0][0]])
    attributes: dict[str, str] = {}
    case_name = name
    name_field: str | None = None
    for wanted in _NAME_FIELDS:
        name_field = next((f for f in fields if f.casefold() == wanted), None)
        if name_field is not None:
            case_name = fields[name_field]
            break
    for label, value in fields.items():
        kind = AttributeType.TEXT if label == name_field else attribute_type(value)
        batch.attribute_types[label] = kind.value
        attributes[label] = canonical_value(kind, value)
    case_key = normalise_speaker(case_name) or normalise_speaker(name) or "participant"
    case_display = " ".join(case_name.split()) or case_key
    batch.cases[case_key] = ImportedCase(
        name=case_display,
        attributes={k: v for k, v in attributes.items() if k != name_field},
    )
    parts: list[ImportedPart] = []
    for position, (index, match) in enumerate(starts):
        label = f"Q{(match['qnum'] or match['num']).lower()}"
        answer_end = (
            lines[starts[position + 1][0]].start if position + 1 < len(starts) else len(text)
        )
        wording = text[match.end() : lines[index].end]
        answer_start = lines[index].end
        if not wording.strip():
            # "Q1." alone on its line: the question's wording is the next non-blank line.
            following = (ln for ln in lines[index + 1 :] if ln.start < answer_end)
            next_line = next((ln for ln in following if ln.of(text).strip()), None)
            if next_line is not None:
                wording, answer_start = next_line.of(text), next_line.end
        question = ImportedQuestion(
            label=label, text=" ".join(wording.split()), instrument=instrument
        )
        if question.key in batch.questions:
            batch.warnings.append(f"{source}: question {label} appears twice; answers are merged")
        else:
            batch.questions[question.key] = question
        span = trim_span(text, answer_start, answer_end)
        if span is not None:
            parts.append(ImportedPart(span[0], span[1], "answer", case_key, None, question.key))
    batch.documents.append(
        ImportedDocument(
            name=name,
            kind=DocumentKind.RESEARCH_GRID.value,
            text=text,
            parts=parts,
            attributes=attributes,
            original_name=source,
            provenance={"importer": "grid", "instrument": instrument},
        )
    )
    return batch
