"""Quote sheets (one quote per row, with attribution and theme columns) into one codable document.

Analysts often keep a spreadsheet of extracts pulled from transcripts, each with the attribution
that will be printed under it in the report ("Female, aged 40-55, service user"). Importing the
sheet keeps every quote codable and ties it to a case, so quotes can be compared by the same
attributes as the transcripts. The attribution is kept verbatim as the case attribute
``attribution`` because the write-up reuses it as the quote's label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from qualcode.domain.values import DocumentKind, canonical_value
from qualcode.importers.model import (
    FileImportError,
    ImportBatch,
    ImportedCase,
    ImportedDocument,
    ImportedPart,
    normalise_speaker,
)
from qualcode.importers.survey import infer_attribute_type
from qualcode.importers.table import Table

ATTRIBUTION_ATTRIBUTE = "attribution"

# Header words that name each role, most specific first. Matched on whole words, case-insensitive.
_ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "quote": ("quote", "quotation", "extract", "verbatim", "excerpt", "text"),
    "attribution": ("attribution", "attributed to", "label"),
    "participant": ("participant", "pseudonym", "respondent", "speaker", "interviewee", "id"),
    "source": ("source", "document", "method", "transcript"),
    "theme": ("theme", "themes"),
    "priority": ("priority",),
}
_NUMBERING = re.compile(r"\b(id|no|number|ref|reference)\b")
_WRAPPERS = (("“", "”"), ('"', '"'), ("„", "“"))
_BRACKETS = (("(", ")"), ("[", "]"))


@dataclass
class QuoteColumns:
    quote: str
    attribution: str | None = None
    participant: str | None = None
    source: str | None = None
    theme: str | None = None
    priority: str | None = None


def detect_quote_columns(table: Table) -> QuoteColumns | None:
    """Which column plays which role, by header; None when no quote column is recognised."""
    found: dict[str, str] = {}
    taken: set[str] = set()
    for exact in (True, False):
        for role, words in _ROLE_WORDS.items():
            if role in found:
                continue
            for word in words:
                if not exact and len(word) <= 2:
                    continue  # "id" only as a whole header: "Quote ID" numbers quotes
                match = next(
                    (h for h in table.headers if h not in taken and _names(h, word, exact)), None
                )
                if match is not None:
                    found[role] = match
                    taken.add(match)
                    break
    if "quote" not in found:
        return None
    return QuoteColumns(**found)


def _names(header: str, word: str, exact: bool) -> bool:
    folded = " ".join(re.sub(r"[^\w\s]", " ", header.casefold()).split())
    if exact:
        return folded == word
    if word in _ROLE_WORDS["quote"] and _NUMBERING.search(folded):
        return False  # "Quote ID", "Extract no." number the quotes
    return re.search(rf"\b{re.escape(word)}\b", folded) is not None


def strip_wrapping_quotes(text: str) -> str:
    """Remove quotation marks that wrap the whole quote, not ones that open and close inside it."""
    value = text.strip()
    for opening, closing in _WRAPPERS:
        inner = value[len(opening) : -len(closing)]
        if (
            len(value) >= len(opening) + len(closing)
            and value.startswith(opening)
            and value.endswith(closing)
            and opening not in inner
            and closing not in inner
        ):
            return inner.strip()
    return value


def attribution_name(attribution: str) -> str:
    """ "(Female, aged 40-55)" and "- Female, aged 40-55" name the case "Female, aged 40-55"."""
    value = attribution.strip().lstrip("-–— ").strip()
    for opening, closing in _BRACKETS:
        if value.startswith(opening) and value.endswith(closing):
            value = value[1:-1].strip()
    return " ".join(value.split())


def quotes_from_table(
    table: Table,
    *,
    content_hash: str,
    quote_column: str | None = None,
    attribution_column: str | None = None,
    participant_column: str | None = None,
    source_column: str | None = None,
    theme_column: str | None = None,
    priority_column: str | None = None,
) -> ImportBatch:
    """One QUOTES document holding every quote as a part, each tied to a case."""
    src = table.source
    given = {
        "quote": quote_column,
        "attribution": attribution_column,
        "participant": participant_column,
        "source": source_column,
        "theme": theme_column,
        "priority": priority_column,
    }
    unknown = [c for c in given.values() if c is not None and c not in table.headers]
    if unknown:
        raise FileImportError(
            src,
            f"no column named {', '.join(repr(c) for c in unknown)}; the columns are: "
            + ", ".join(table.headers),
        )
    detected = detect_quote_columns(table)
    roles: dict[str, str | None] = dict(vars(detected)) if detected else {}
    explicit = {role: column for role, column in given.items() if column is not None}
    for role, column in explicit.items():
        for other, current in list(roles.items()):
            if current == column and other != role:
                roles[other] = None  # an explicit choice overrides a guess for the same column
    roles.update(explicit)
    quote = roles.get("quote")
    if quote is None:
        raise FileImportError(
            src,
            "no quote column found (expected a header such as Quote, Extract, Verbatim or Text); "
            "the columns are: " + ", ".join(table.headers),
        )
    participant, attribution = roles.get("participant"), roles.get("attribution")
    index = {name: i for i, name in enumerate(table.headers)}
    attribute_columns = [h for h in table.headers if h not in (quote, participant)]

    batch = ImportBatch(source=src, content_hash=content_hash, warnings=list(table.warnings))
    chunks: list[str] = []
    parts: list[ImportedPart] = []
    values: dict[str, dict[str, list[str]]] = {}  # case key -> attribute -> distinct values
    skipped: list[int] = []
    offset = 0
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        text = strip_wrapping_quotes(row[index[quote]])
        if not text:
            skipped.append(number)
            continue
        name = row[index[participant]] if participant else ""
        if not name and attribution:
            name = attribution_name(row[index[attribution]])
        if not name:
            name = f"Quote {len(parts) + 1}"
        key = normalise_speaker(name)
        if key not in batch.cases:
            batch.cases[key] = ImportedCase(name=" ".join(name.split()))
            values[key] = {}
        for column in attribute_columns:
            value = row[index[column]]
            if value:
                attribute = ATTRIBUTION_ATTRIBUTE if column == attribution else column
                seen = values[key].setdefault(attribute, [])
                if value not in seen:
                    seen.append(value)
        parts.append(ImportedPart(offset, offset + len(text), "quote", key))
        chunks.append(text)
        offset += len(text) + 2
    if skipped:
        batch.warnings.append(f"Skipped {len(skipped)} row(s) with no quote: {_rows(skipped)}.")
    if not parts:
        raise FileImportError(src, f"the column '{quote}' holds no quotes")

    _set_attributes(batch, values)
    batch.documents.append(
        ImportedDocument(
            name=Path(src).stem,
            kind=DocumentKind.QUOTES.value,
            text="\n\n".join(chunks),
            parts=parts,
            original_name=src,
            provenance={
                "quote_column": quote,
                **({"attribution_column": attribution} if attribution else {}),
            },
        )
    )
    return batch


def _set_attributes(batch: ImportBatch, values: dict[str, dict[str, list[str]]]) -> None:
    """One value per case and attribute; a case quoted under several values keeps them all."""
    merged: set[str] = set()
    by_attribute: dict[str, list[str]] = {}
    for key, attributes in values.items():
        for attribute, found in attributes.items():
            if len(found) > 1:
                merged.add(attribute)
            value = "; ".join(found)
            batch.cases[key].attributes[attribute] = value
            by_attribute.setdefault(attribute, []).append(value)
    for attribute, column_values in by_attribute.items():
        kind = infer_attribute_type(column_values)
        batch.attribute_types[attribute] = kind.value
        for case in batch.cases.values():
            if attribute in case.attributes:
                case.attributes[attribute] = canonical_value(kind, case.attributes[attribute])
    for attribute in sorted(merged):
        batch.warnings.append(
            f"Some cases are quoted under more than one {attribute}; their values were joined "
            "with '; '."
        )


def _rows(numbers: list[int]) -> str:
    shown = ", ".join(f"row {n}" for n in numbers[:10])
    return shown + (f" and {len(numbers) - 10} more" if len(numbers) > 10 else "")
