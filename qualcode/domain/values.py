"""Value rules that do not need a database: colours, names, spans and typed attribute values.

Kept here so the services, the importers and the GUI validate the same way.
"""

from __future__ import annotations

import datetime as _dt
import re
from enum import StrEnum

from qualcode.domain.errors import ValidationError

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")

# A palette with enough contrast on white and on dark backgrounds; new codes cycle through it.
PALETTE: tuple[str, ...] = (
    "#E6194B",
    "#3CB44B",
    "#4363D8",
    "#F58231",
    "#911EB4",
    "#42D4F4",
    "#F032E6",
    "#BFEF45",
    "#FABED4",
    "#469990",
    "#DCBEFF",
    "#9A6324",
    "#FFFAC8",
    "#800000",
    "#AAFFC3",
    "#808000",
    "#FFD8B1",
    "#000075",
    "#A9A9A9",
)


class DocumentKind(StrEnum):
    FOCUS_GROUP = "focus_group"
    INTERVIEW = "interview"
    INFORMAL = "informal_conversation"
    RESEARCH_GRID = "research_grid"
    SURVEY = "survey"
    CONSULTATION = "consultation_response"
    FIELD_NOTES = "field_notes"
    QUOTES = "quotes"
    OTHER = "other"


class AttributeType(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    BOOLEAN = "boolean"
    CATEGORY = "category"


class MemoKind(StrEnum):
    FAMILIARISATION = "familiarisation"
    ANALYTIC = "analytic"
    JOURNAL = "journal"
    DECISION = "decision"


class ThemeStatus(StrEnum):
    CANDIDATE = "candidate"
    REVIEWED = "reviewed"
    DEFINED = "defined"
    FINAL = "final"
    DISCARDED = "discarded"


def clean_name(name: str, what: str = "name") -> str:
    """Trim and collapse whitespace; refuse empty names."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValidationError(f"The {what} cannot be empty.")
    if len(cleaned) > 500:
        raise ValidationError(f"The {what} is longer than 500 characters.")
    return cleaned


def normalise_colour(colour: str) -> str:
    """Return ``#RRGGBB`` in upper case, or raise for anything else."""
    value = colour.strip()
    if not value.startswith("#"):
        value = "#" + value
    if not _HEX.match(value):
        raise ValidationError(f"'{colour}' is not a colour; use #RRGGBB, e.g. #4363D8.")
    return value.upper()


def palette_colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def check_span(start: int, end: int, text_length: int, where: str) -> None:
    """A span is code-point offsets into the stored text, end exclusive, non-empty."""
    if start < 0 or end > text_length or start >= end:
        raise ValidationError(
            f"The span {start}-{end} is outside {where} (0-{text_length}) or empty."
        )


_TRUE = {"true", "yes", "y", "1", "t"}
_FALSE = {"false", "no", "n", "0", "f"}


def canonical_value(kind: AttributeType, raw: str, options: list[str] | None = None) -> str:
    """Validate ``raw`` against the attribute type and return the canonical stored string.

    Values are stored as text (dialect-neutral) in a canonical form: numbers without trailing
    zeros, ISO dates, ``true``/``false``; categories must be one of the attribute's options
    when options are set.
    """
    text = raw.strip()
    if text == "":
        return ""
    if kind is AttributeType.NUMBER:
        try:
            number = float(text.replace(",", ""))
        except ValueError:
            raise ValidationError(f"'{raw}' is not a number.") from None
        return str(int(number)) if number.is_integer() else repr(number)
    if kind is AttributeType.DATE:
        for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y"):
            try:
                return _dt.datetime.strptime(text, fmt).date().isoformat()
            except ValueError:
                continue
        raise ValidationError(f"'{raw}' is not a date (use YYYY-MM-DD or DD/MM/YYYY).")
    if kind is AttributeType.BOOLEAN:
        lowered = text.lower()
        if lowered in _TRUE:
            return "true"
        if lowered in _FALSE:
            return "false"
        raise ValidationError(f"'{raw}' is not yes/no.")
    if kind is AttributeType.CATEGORY and options and text not in options:
        raise ValidationError(f"'{raw}' is not one of: {', '.join(options)}.")
    return text


def kind_label(kind: str) -> str:
    """A document kind as people read it: ``focus_group`` → "Focus group" (in attribution
    labels, restriction lists, chart columns and workbooks alike)."""
    text = kind.replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]
