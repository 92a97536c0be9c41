"""Who took part: the sample overview a report opens with.

Documents by kind, participants by kind and by each case attribute, and each survey's responses
and completion per question, every table with its base. A participant follows the counts' rule
(:mod:`qualcode.services.counts.bases`): a non-facilitator who speaks in a turn or an answer, so the
overview's total is the "of N" the counts and the theme report divide by. Survey respondents are
counted per instrument, silent ones included: a respondent who ticked boxes but wrote nothing
still responded. The GUI, the counts workbook's Sample sheet and the theme report all show this one
:class:`~qualcode.exporters.survey_model.SampleOverview`.
"""

from __future__ import annotations

import pandas as pd  # type: ignore[import-untyped]

from qualcode.domain.values import kind_label
from qualcode.domain.wording import plural
from qualcode.exporters.survey_model import (
    DEFAULT_DECIMALS,
    KIND_LABELS,
    NO_VALUE,
    CountTable,
    QuestionCompletion,
    SampleOverview,
    SurveyCompletion,
    round_share,
)
from qualcode.importers.survey import INSTRUMENT_ATTRIBUTE
from qualcode.services.survey.closed import _bands, _wide, closed_questions
from qualcode.services.survey.gather import SurveyFrames, gather
from qualcode.storage.project import Project

RULE = (
    "Participants: the people (cases) who speak in a turn or an answer of a document, "
    "facilitators and interviewers apart. A person who took part in more than one kind of "
    "document counts under each kind, so the kinds can add up to more than the total. Survey "
    "respondents are counted per survey, including those who answered no open question. "
    "Participants by attribute: the attributes at least half of the participants hold."
)
_GROUPING_TYPES = ("category", "boolean", "number")


def _table(title: str, counts: pd.Series, base: int, what: str, decimals: int) -> CountTable:
    frame = pd.DataFrame({"n": counts.astype(int)})
    frame.index.name = None
    frame["share"] = frame["n"].map(lambda n: round_share(n, base, decimals)).astype(float)
    return CountTable(title, frame, base, f"Base: {plural(base, what)}.")


def sample_overview(
    project: Project, decimals: int = DEFAULT_DECIMALS, every_attribute: bool = False
) -> SampleOverview:
    """The overview; by default only the attributes at least half the participants hold (a
    report's "by role"), with ``every_attribute`` each one (the window lets the user pick)."""
    return overview_from(gather(project), decimals, every_attribute)


def overview_from(
    frames: SurveyFrames, decimals: int = DEFAULT_DECIMALS, every_attribute: bool = False
) -> SampleOverview:
    kinds = frames.documents["kind"].map(kind_label)
    documents = _table(
        "Documents by kind",
        kinds.value_counts().sort_index(key=lambda i: i.str.casefold()),
        len(frames.documents),
        "document",
        decimals,
    )
    facilitator = frames.cases.set_index("case_id")["facilitator"].astype(bool)
    speaking = frames.speaking.merge(frames.documents, on="document_id")
    speaking = speaking[~speaking["case_id"].map(facilitator).fillna(False).astype(bool)]
    people = pd.Index(speaking["case_id"].unique())
    per_kind = speaking.assign(kind=speaking["kind"].map(kind_label)).drop_duplicates(
        ["case_id", "kind"]
    )
    participants = _table(
        "Participants by kind of document",
        per_kind["kind"].value_counts().sort_index(key=lambda i: i.str.casefold()),
        len(people),
        "participant",
        decimals,
    )
    speakers = frames.speaking["case_id"].unique()
    facilitators = int(facilitator[facilitator.index.isin(speakers)].sum())
    return SampleOverview(
        documents,
        participants,
        facilitators,
        _by_attribute(frames, people, decimals, every_attribute),
        _surveys(frames, decimals),
        RULE,
    )


def _by_attribute(
    frames: SurveyFrames, people: pd.Index, decimals: int, every: bool
) -> list[CountTable]:
    """Participants by each grouping attribute (not the survey's own closed questions)."""
    survey_own = {a for q in closed_questions(frames) for a in q.attributes}
    out: list[CountTable] = []
    for row in frames.attributes.itertuples(index=False):
        name = str(row.name)
        if row.type not in _GROUPING_TYPES or name in survey_own or name == INSTRUMENT_ATTRIBUTE:
            continue
        values = frames.values[frames.values["attribute"] == name].drop_duplicates("case_id")
        value = values.set_index("case_id")["value"].reindex(people)
        if value.isna().all() or (not every and value.notna().sum() * 2 < len(people)):
            continue
        if row.type == "number":
            value, order = _bands(pd.to_numeric(value, errors="coerce"))
        else:
            present = set(value.dropna())
            order = [o for o in row.options if o in present]
            order += sorted(present - set(order), key=str.casefold)
        counts = value.fillna(NO_VALUE).value_counts()
        order += [NO_VALUE] if NO_VALUE in counts.index else []
        out.append(
            _table(
                f"Participants by {name}",
                counts.reindex(order).fillna(0),
                len(people),
                "participant",
                decimals,
            )
        )
    return out


def _surveys(frames: SurveyFrames, decimals: int) -> list[SurveyCompletion]:
    out: list[SurveyCompletion] = []
    closed = closed_questions(frames)
    for instrument, ids in frames.respondents.groupby("instrument", sort=True)["case_id"]:
        base = len(ids)
        rows: list[QuestionCompletion] = []
        for q in closed:
            wide = _wide(frames, q.attributes)
            wide = wide[wide["instrument"] == instrument]
            answered = int(wide[list(q.attributes)].notna().any(axis=1).sum())
            if answered:
                share = round_share(answered, base, decimals)
                rows.append(
                    QuestionCompletion(q.key, q.key, KIND_LABELS[q.kind], answered, base, share)
                )
        asked = frames.questions[frames.questions["instrument"] == instrument]
        mine = frames.answers[frames.answers["case_id"].isin(ids)]
        per_question = mine["question_id"].value_counts()
        for row in asked.itertuples(index=False):
            answered = int(per_question.get(row.question_id, 0))
            share = round_share(answered, base, decimals)
            rows.append(QuestionCompletion(row.label, row.text, "Open", answered, base, share))
        out.append(SurveyCompletion(str(instrument), base, rows))
    return out
