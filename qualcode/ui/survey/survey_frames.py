"""The tab's tables as the reader sees them: counts with the small-cell rule applied, shares as
percentages rounded by the one helper, so the window shows what the exported files hold."""

from __future__ import annotations

import pandas as pd  # type: ignore[import-untyped]

from qualcode.exporters.survey_model import (
    CountTable,
    Disclosure,
    QuestionTable,
    SurveyCompletion,
    percent_text,
)


def _cells(n: int, share: float | None, rule: Disclosure) -> tuple[str, str]:
    shown = rule.shows(int(n))
    if isinstance(shown, str):
        return shown, ""
    mark = "*" if rule.small(int(n)) else ""
    value = None if share is None or pd.isna(share) else float(share)
    return f"{shown:,}{mark}", percent_text(value, rule.decimals)


def count_frame(table: CountTable, rule: Disclosure) -> pd.DataFrame:
    rows = [_cells(int(r["n"]), r["share"], rule) for _label, r in table.frame.iterrows()]
    return pd.DataFrame(rows, index=table.frame.index, columns=["N", "%"])


def completion_frame(survey: SurveyCompletion, rule: Disclosure) -> pd.DataFrame:
    rows = []
    for q in survey.questions:
        n, pct = _cells(q.answered, q.share, rule)
        rows.append((q.kind, n, f"{q.base:,}", pct))
    index = [q.text if q.label == q.text else f"{q.label}. {q.text}" for q in survey.questions]
    return pd.DataFrame(rows, index=index, columns=["Type", "Answered", "Asked", "%"])


def question_frame(q: QuestionTable | None, rule: Disclosure) -> pd.DataFrame:
    """Options × (N, %) for All, or for every crosstab column then All, with a Base row."""
    if q is None:
        return pd.DataFrame()
    if q.crosstab is None:
        rows = [_cells(int(r["n"]), r["share"], rule) for _o, r in q.frame.iterrows()]
        frame = pd.DataFrame(rows, index=q.frame.index, columns=["N", "%"])
        frame.loc["Base (answered)"] = [f"{q.answered:,}", ""]
        return frame
    ct = q.crosstab
    columns: dict[str, list[str]] = {}
    for group in ct.counts.columns:
        cells = [
            _cells(int(ct.counts.at[o, group]), ct.shares.at[o, group], rule)
            for o in ct.counts.index
        ]
        columns[f"{group} N"] = [c[0] for c in cells] + [f"{int(ct.bases[group]):,}"]
        columns[f"{group} %"] = [c[1] for c in cells] + [""]
    return pd.DataFrame(columns, index=[*map(str, ct.counts.index), "Base (answered)"])
