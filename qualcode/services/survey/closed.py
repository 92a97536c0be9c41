"""Closed survey questions back from their case attributes, as frequency tables and crosstabs.

The survey importer (:mod:`qualcode.importers.survey_attributes`) turns a single-choice column
into a category (options in order), numbers into a number, and a multiple-choice question into
one yes/no attribute per option, "Question - Option". Here that is read back: a question is an
attribute the survey respondents hold (not their ``instrument``), and yes/no attributes sharing a
"Question - " stem are one multiple-choice question again. Whole numbers spanning at most eleven
values are a rating (every point of the scale listed, even unused); other numbers are banded.

Attributes other cases hold too (a "Role" given to everyone) are not questions of the survey.
The base of a question is the respondents of the instruments that carry it ("asked"); the shares
are of those who answered it: for multiple choice, the respondents who ticked or left unticked
any of its options (empty means the question was skipped), so a share says "of those who
answered, 40% ticked this" and the shares may add up to more than 100%.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd  # type: ignore[import-untyped]

from qualcode.domain.errors import NotFoundError
from qualcode.exporters.survey_model import (
    ALL,
    DEFAULT_DECIMALS,
    NO_VALUE,
    Crosstab,
    QuestionKind,
    QuestionTable,
    round_share,
)
from qualcode.importers.survey import INSTRUMENT_ATTRIBUTE
from qualcode.services.survey.gather import SurveyFrames, gather
from qualcode.storage.project import Project

_CLOSED_TYPES = ("category", "number", "boolean")
_STEM = " - "
_YES_NO = {"true": "Yes", "false": "No"}
_RATING_SPAN = 11


@dataclass(frozen=True)
class ClosedQuestion:
    key: str  # the attribute, or the multiple-choice stem
    kind: QuestionKind
    attributes: tuple[str, ...]  # multiple choice: one per option, in option order
    options: tuple[str, ...]


def closed_questions(frames: SurveyFrames) -> list[ClosedQuestion]:
    """The closed questions the respondents answered, in the attributes' order."""
    respondent = frames.values["case_id"].isin(frames.respondents["case_id"])
    held = frames.values[respondent]
    others = set(frames.values[~respondent]["attribute"])  # "Role", given to everyone
    names = set(held["attribute"]) - others - {INSTRUMENT_ATTRIBUTE}
    attrs = frames.attributes[
        frames.attributes["name"].isin(names) & frames.attributes["type"].isin(_CLOSED_TYPES)
    ]
    stems: dict[str, list[str]] = {}
    for name in attrs[attrs["type"] == "boolean"]["name"]:
        if _STEM in name:
            stems.setdefault(name.rpartition(_STEM)[0], []).append(name)
    members = {stem: names for stem, names in stems.items() if len(names) >= 2}
    stem_of = {name: stem for stem, names in members.items() for name in names}
    out: list[ClosedQuestion] = []
    for row in attrs.itertuples(index=False):
        name = str(row.name)
        if name in stem_of:
            stem = stem_of[name]
            if members[stem][0] != name:
                continue  # listed with its first option
            ticks = tuple(str(m) for m in members[stem])
            options = tuple(m[len(stem) + len(_STEM) :] for m in ticks)
            out.append(ClosedQuestion(stem, "multiple", ticks, options))
        elif row.type == "boolean":
            out.append(ClosedQuestion(name, "single", (name,), ("Yes", "No")))
        elif row.type == "category":
            out.append(ClosedQuestion(name, "single", (name,), tuple(row.options)))
        else:
            numbers = pd.to_numeric(held[held["attribute"] == name]["value"], errors="coerce")
            whole = numbers.dropna()
            low, high = (whole.min(), whole.max()) if len(whole) else (0, 0)
            rating = bool(len(whole)) and (whole % 1 == 0).all() and high - low < _RATING_SPAN
            kind: QuestionKind = "rating" if rating else "number"
            out.append(ClosedQuestion(name, kind, (name,), ()))
    return out


def _wide(frames: SurveyFrames, attributes: tuple[str, ...]) -> pd.DataFrame:
    """Respondents (case_id index, with their instrument) × the attributes' values."""
    picked = frames.values[frames.values["attribute"].isin(attributes)]
    wide = picked.pivot_table(
        index="case_id", columns="attribute", values="value", aggfunc="first"
    ).reindex(columns=list(attributes))
    return frames.respondents.set_index("case_id").join(wide, how="left")


def _bands(values: pd.Series) -> tuple[pd.Series, list[str]]:
    """Numbers in equal bands of a round width (1, 2, 5, 10, 20, 50...), at most eight."""
    present = values.dropna()
    if present.empty:
        return values.astype(object), []
    low, high = float(present.min()), float(present.max())
    width = 1.0
    while math.floor(high / width) - math.floor(low / width) >= 8:
        width *= 2.5 if str(int(width))[0] == "2" else 2  # 1, 2, 5, 10, 20, 50 ...
    start = math.floor(low / width) * width
    edges = list(np.arange(start, high + width, width))
    if edges[-1] <= high:
        edges.append(edges[-1] + width)
    step = 1 if width >= 1 else 0
    labels = [f"{_num(a)}–{_num(b - step)}" for a, b in itertools.pairwise(edges)]
    banded = pd.cut(values, edges, right=False, labels=labels)
    return banded.astype(object).where(banded.notna(), None), labels


def _num(value: float) -> str:
    return f"{value:g}"


def _answers(q: ClosedQuestion, wide: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Per respondent who answered: one column per option, 1 for chosen; with the options."""
    if q.kind == "multiple":
        cols = wide[list(q.attributes)]
        answered = cols.notna().any(axis=1)
        chosen = (cols[answered] == "true").astype(int)
        chosen.columns = list(q.options)
        return chosen, list(q.options)
    raw = wide[q.key].dropna()
    if q.kind == "single":
        values = raw.map(lambda v: _YES_NO.get(v, v)) if q.options == ("Yes", "No") else raw
        options = list(q.options) + sorted(set(values) - set(q.options), key=str.casefold)
    else:
        numbers = pd.to_numeric(raw, errors="coerce").dropna()
        if q.kind == "rating":
            lo, hi = int(numbers.min()), int(numbers.max())
            options = [str(v) for v in range(lo, hi + 1)]
            values = numbers.astype(int).astype(str)
        else:
            values, options = _bands(numbers)
    dummies = pd.get_dummies(pd.Categorical(values, categories=options), dtype=int)
    dummies.index = values.index
    return dummies, options


def _group_values(frames: SurveyFrames, by: str) -> tuple[pd.Series, list[str]]:
    """Each respondent's value of the case attribute ``by`` (banded when a number), in order."""
    known = frames.attributes[frames.attributes["name"].str.casefold() == by.casefold()]
    if known.empty:
        listed = ", ".join(f"'{n}'" for n in frames.attributes["name"][:12])
        raise NotFoundError(f"There is no case attribute '{by}' (attributes: {listed}).")
    attr = known.iloc[0]
    wide = _wide(frames, (attr["name"],))[attr["name"]]
    if attr["type"] == "number":
        banded, order = _bands(pd.to_numeric(wide, errors="coerce"))
        wide = banded
    else:
        present = set(wide.dropna())
        order = [o for o in attr["options"] if o in present]
        order += sorted(present - set(order), key=str.casefold)
        if attr["type"] == "boolean":
            wide = wide.map(lambda v: _YES_NO.get(v, v), na_action="ignore")
            order = [_YES_NO.get(o, o) for o in order]
    if wide.isna().any():
        order = [*order, NO_VALUE]
    return wide.fillna(NO_VALUE), order


def _shares(counts: pd.DataFrame, bases: pd.Series, decimals: int) -> pd.DataFrame:
    return counts.apply(
        lambda col: col.map(lambda n: round_share(n, bases[col.name], decimals)), axis=0
    ).astype(float)


def _crosstab(
    chosen: pd.DataFrame, options: list[str], groups: pd.Series, order: list[str], by: str, d: int
) -> Crosstab:
    group = pd.Categorical(groups.reindex(chosen.index), categories=order)
    counts = chosen.groupby(group, observed=False).sum().T.reindex(options)
    bases = pd.Series(group).value_counts(sort=False).reindex(order).astype(int)
    counts[ALL], bases[ALL] = chosen.sum().reindex(options), len(chosen)
    counts = counts.fillna(0).astype(int)
    keep = bases[bases > 0].index
    counts, bases = counts[keep], bases[keep]
    counts.columns.name, counts.index.name = by, None
    return Crosstab(by, counts, _shares(counts, bases, d), bases)


def question_tables(
    project: Project, by: str | None = None, decimals: int = DEFAULT_DECIMALS
) -> list[QuestionTable]:
    """Every closed question's frequency table (and crosstab by the case attribute ``by``)."""
    frames = gather(project)
    return tables_from(frames, by, decimals)


def tables_from(
    frames: SurveyFrames, by: str | None = None, decimals: int = DEFAULT_DECIMALS
) -> list[QuestionTable]:
    groups, order = _group_values(frames, by) if by else (None, [])
    out: list[QuestionTable] = []
    for q in closed_questions(frames):
        wide = _wide(frames, q.attributes)
        held = wide[list(q.attributes)].notna().any(axis=1)
        instruments = tuple(sorted(set(wide.loc[held, "instrument"])))
        asked = int(wide["instrument"].isin(instruments).sum())
        chosen, options = _answers(q, wide[wide["instrument"].isin(instruments)])
        answered = len(chosen)
        n = chosen.sum().reindex(options).fillna(0).astype(int)
        frame = pd.DataFrame({"n": n})
        frame["share"] = [round_share(v, answered, decimals) for v in frame["n"]]
        frame["share"] = frame["share"].astype(float)
        stats: dict[str, float] = {}
        if q.kind in ("rating", "number"):
            numbers = pd.to_numeric(wide[q.key], errors="coerce").dropna()
            stats = {
                "Mean": round(float(numbers.mean()), 1),
                "Median": float(numbers.median()),
                "Lowest": float(numbers.min()),
                "Highest": float(numbers.max()),
            }
        crosstab = (
            _crosstab(chosen, options, groups, order, by, decimals)
            if groups is not None and by is not None and by.casefold() != q.key.casefold()
            else None  # a question by itself says nothing more
        )
        if crosstab is not None and set(crosstab.counts.columns) <= {ALL, NO_VALUE}:
            crosstab = None  # nobody asked this question has a value to compare by
        out.append(
            QuestionTable(
                q.key, q.key, q.kind, instruments, asked, answered, frame, stats, crosstab
            )
        )
    return out


def choices_from(frames: SurveyFrames) -> list[str]:
    """The case attributes a crosstab can go by: those survey respondents hold."""
    held = frames.values[frames.values["case_id"].isin(frames.respondents["case_id"])]
    names = set(held["attribute"])
    return [n for n in frames.attributes["name"] if n in names]


def crosstab_choices(project: Project) -> list[str]:
    return choices_from(gather(project))
