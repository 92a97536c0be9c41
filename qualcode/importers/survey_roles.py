"""Which column of a survey table is what: the respondent id, closed columns (attributes), open
questions, and columns to leave out (a tool's metadata, empty columns).

Guessed from the layout recognised (a tool's own id and metadata columns), the headers and the
values; the user's own roles always win over the guess (:func:`override_roles`), so naming a
column never collides with what was guessed for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qualcode.domain.values import AttributeType
from qualcode.importers.survey_attributes import (
    MAX_CATEGORIES,
    infer_attribute_type,
    split_choices,
)
from qualcode.importers.table import SURVEYMONKEY_METADATA, Table

EMPTY_ANSWERS = frozenset({"", "n/a", "na", "-", "--", "–", "—", "."})
_ID_HEADERS = ("respondent id", "respondent", "participant id", "participant", "id")


@dataclass
class SurveyRoles:
    """What each column seems to be; the researcher confirms or changes it before importing."""

    id_column: str | None
    attribute_columns: list[str] = field(default_factory=list)
    question_columns: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


def is_empty_answer(value: str) -> bool:
    return value.strip().casefold() in EMPTY_ANSWERS


def suggest_roles(table: Table) -> SurveyRoles:
    """Guess the id, the attribute columns and the open questions from the layout recognised,
    the headers and the values."""
    id_column = _guess_id(table)
    roles = SurveyRoles(id_column=id_column)
    metadata = set(table.metadata_columns)
    others = set(table.other_columns)
    for name in table.headers:
        if name == id_column:
            continue
        folded = name.casefold()
        values = [v for v in table.column(name) if not is_empty_answer(v)]
        if (
            name in metadata
            or folded in SURVEYMONKEY_METADATA
            or folded.startswith("custom data")
            or not values
        ):
            roles.ignored_columns.append(name)
        elif name in others or (split_choices(values) is None and _looks_open(values)):
            roles.question_columns.append(name)
        else:
            roles.attribute_columns.append(name)
    return roles


def resolve_column(table: Table, name: str) -> str:
    """The header a user means: exact, then ignoring case and spacing, then the tool's short id
    ("Q2" for a Qualtrics column headed by its question text). Unknown names come back as given,
    for the error that lists the columns."""
    if name in table.headers:
        return name
    wanted = " ".join(name.split()).casefold()
    for header in table.headers:
        if header.casefold() == wanted:
            return header
    for header, code in zip(table.headers, table.codes, strict=False):
        if code and code.casefold() == wanted:
            return header
    return name


def override_roles(
    table: Table,
    roles: SurveyRoles,
    *,
    id_column: str | None = None,
    attribute_columns: list[str] | None = None,
    question_columns: list[str] | None = None,
) -> SurveyRoles:
    """The user's roles win over the guess: a role given replaces the guessed columns of that
    role, and a column the user named leaves whatever role was guessed for it. Only the user's own
    choices can still collide (the same column given two roles). ``id_column=""`` says there is
    no id column."""
    given_id = resolve_column(table, id_column) if id_column else None
    given_attributes = (
        [resolve_column(table, c) for c in attribute_columns]
        if attribute_columns is not None
        else None
    )
    given_questions = (
        [resolve_column(table, c) for c in question_columns]
        if question_columns is not None
        else None
    )
    named = set(given_attributes or []) | set(given_questions or [])
    if given_id:
        named.add(given_id)
    guessed_id = roles.id_column if roles.id_column not in named else None
    if id_column == "":  # said outright: no id column, the respondents are numbered
        guessed_id = None
    return SurveyRoles(
        id_column=given_id or guessed_id,
        attribute_columns=given_attributes
        if given_attributes is not None
        else [c for c in roles.attribute_columns if c not in named],
        question_columns=given_questions
        if given_questions is not None
        else [c for c in roles.question_columns if c not in named],
        ignored_columns=[c for c in roles.ignored_columns if c not in named],
    )


def _guess_id(table: Table) -> str | None:
    if not table.rows:
        return None
    metadata = set(table.metadata_columns)
    by_name = {h.casefold(): h for h in table.headers if h not in metadata}
    if table.layout_name:
        # A recognised tool says where its id is, or that it has none (Google Forms): never
        # guess from the values there, or the timestamp becomes the respondent.
        if table.id_hint is not None:
            return table.id_hint
        return next((by_name[w] for w in _ID_HEADERS if w in by_name), None)
    for wanted in _ID_HEADERS:
        # A column named as an id is the id even with repeats or gaps: the import then says
        # which rows are wrong, rather than silently treating every row as a new person.
        if wanted in by_name:
            return by_name[wanted]
    for name in table.headers:
        if _usable_id(table.column(name)):
            return name
    return None


def _usable_id(values: list[str]) -> bool:
    return (
        all(values)
        and len(set(values)) == len(values)
        and all(len(v) <= 40 and "\n" not in v for v in values)
    )


def _looks_open(values: list[str]) -> bool:
    """Free text: long answers, or mostly distinct sentence-length answers that are not numbers."""
    kind = infer_attribute_type(values)
    if kind in (AttributeType.NUMBER, AttributeType.DATE, AttributeType.BOOLEAN):
        return False
    distinct_values = set(values)
    if len(distinct_values) <= MAX_CATEGORIES and len(distinct_values) * 2 <= len(values):
        return False  # answers repeat: a single choice, however long its option labels
    mean = sum(len(v) for v in values) / len(values)
    if mean > 40:
        return True
    distinct = len(set(values)) / len(values)
    # Short distinct values (roles, towns, organisations) describe the respondent: attributes.
    return distinct >= 0.8 and mean >= 25 and len(values) >= 3
