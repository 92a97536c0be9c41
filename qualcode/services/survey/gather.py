"""Read what the sample overview and the closed-question tables need, as pandas DataFrames.

One read transaction, a handful of plain SELECTs, no counting: the counting is pandas' work in
:mod:`~qualcode.services.survey.closed` and :mod:`~qualcode.services.survey.overview`, so it can
be checked against an independent pandas computation. Survey respondents are the cases holding
the importer's ``instrument`` attribute (:data:`qualcode.importers.survey.INSTRUMENT_ATTRIBUTE`);
their closed answers are case attributes, their open answers parts tied to a question.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd  # type: ignore[import-untyped]
from sqlalchemy import select

from qualcode.importers.survey import INSTRUMENT_ATTRIBUTE
from qualcode.storage.models import Attribute, AttributeValue, Case, Document, Part, Question
from qualcode.storage.project import Project


@dataclass(frozen=True)
class SurveyFrames:
    """``cases``: case_id, name, facilitator. ``attributes``: name, type, options (list), in
    position order (case attributes only). ``values``: case_id, attribute, value (non-empty).
    ``respondents``: case_id, instrument. ``documents``: document_id, kind. ``speaking``: the
    distinct (document_id, case_id) of parts with a speaker. ``questions``: question_id,
    instrument, label, text. ``answers``: the distinct (case_id, question_id) of answer parts."""

    cases: pd.DataFrame
    attributes: pd.DataFrame
    values: pd.DataFrame
    respondents: pd.DataFrame
    documents: pd.DataFrame
    speaking: pd.DataFrame
    questions: pd.DataFrame
    answers: pd.DataFrame


def _options(raw: str | None) -> list[str]:
    try:
        parsed = json.loads(raw) if raw else []
    except ValueError:
        return []
    return [str(o) for o in parsed] if isinstance(parsed, list) else []


def _frame(rows: Sequence[Any], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame([tuple(r) for r in rows], columns=columns)


def gather(project: Project) -> SurveyFrames:
    with project.read() as s:
        cases = s.execute(select(Case.id, Case.name, Case.is_facilitator)).all()
        attrs = s.execute(
            select(Attribute.id, Attribute.name, Attribute.type, Attribute.options)
            .where(Attribute.scope == "case")
            .order_by(Attribute.position, Attribute.id)
        ).all()
        values = s.execute(
            select(AttributeValue.case_id, Attribute.name, AttributeValue.value)
            .join(Attribute, Attribute.id == AttributeValue.attribute_id)
            .where(Attribute.scope == "case", AttributeValue.case_id.is_not(None))
        ).all()
        documents = s.execute(select(Document.id, Document.kind)).all()
        speaking = s.execute(
            select(Part.document_id, Part.case_id).distinct().where(Part.case_id.is_not(None))
        ).all()
        questions = s.execute(
            select(Question.id, Question.instrument, Question.label, Question.text).order_by(
                Question.instrument, Question.position, Question.id
            )
        ).all()
        answers = s.execute(
            select(Part.case_id, Part.question_id)
            .distinct()
            .where(Part.case_id.is_not(None), Part.question_id.is_not(None), Part.end > Part.start)
        ).all()
    attributes = pd.DataFrame(
        [(name, kind, _options(raw)) for _id, name, kind, raw in attrs],
        columns=["name", "type", "options"],
    ).drop_duplicates("name")
    value_frame = _frame(values, ["case_id", "attribute", "value"])
    value_frame = value_frame[value_frame["value"].astype(str).str.strip() != ""]
    respondents = (
        value_frame[value_frame["attribute"] == INSTRUMENT_ATTRIBUTE]
        .rename(columns={"value": "instrument"})
        .loc[:, ["case_id", "instrument"]]
        .drop_duplicates("case_id")
    )
    return SurveyFrames(
        cases=_frame(cases, ["case_id", "name", "facilitator"]),
        attributes=attributes.reset_index(drop=True),
        values=value_frame.reset_index(drop=True),
        respondents=respondents.reset_index(drop=True),
        documents=_frame(documents, ["document_id", "kind"]),
        speaking=_frame(speaking, ["document_id", "case_id"]),
        questions=_frame(questions, ["question_id", "instrument", "label", "text"]),
        answers=_frame(answers, ["case_id", "question_id"]),
    )
