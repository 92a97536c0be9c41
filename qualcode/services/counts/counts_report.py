"""The counts as a workbook, CSV files and charts: the words around the numbers.

:mod:`qualcode.services.counts.counts` counts; this module says what each count means (the About
sheet, chart titles and subtitles) and hands the tables to the pure writers in
:mod:`qualcode.exporters`, so the CLI, the GUI and the files describe the numbers the same way.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd  # type: ignore[import-untyped]
from sqlalchemy import select

from qualcode.domain.errors import ValidationError
from qualcode.domain.quantifiers import DEFAULT_BANDS, Band, describe
from qualcode.exporters import charts
from qualcode.exporters.counts_export import (
    SHEETS,
    CodeLine,
    CountsBook,
    write_counts_csv,
    write_counts_workbook,
)
from qualcode.services.counts.bases import group_bases
from qualcode.services.counts.counts import (
    ALL,
    KIND,
    KIND_NAME,
    MEASURES,
    NO_VALUE,
    Cooccurrence,
    Mode,
    code_frequencies,
    cooccurrence,
    coverage,
    top_codes,
    word_frequencies,
)
from qualcode.services.survey.overview import sample_overview
from qualcode.services.themes.theme_counts import reads_once
from qualcode.storage.models import Document
from qualcode.storage.project import Project

_NOTES = {
    "extracts": "Codings of the code: each coded passage counts once.",
    "documents": "Documents with at least one coding of the code.",
    "participants": "Distinct people (cases) speaking in the turn or answer where the code's "
    "codings start. Facilitators and interviewers are never counted as participants; codings "
    "outside any turn or answer count as extracts but have no participant.",
    "all": "Every coding of the code, whatever its group. Documents and participants are "
    "distinct counts, so the groups need not add up to All.",
    "no value": "Codings whose speaker (for a case attribute) or document (for a document "
    "attribute) has no value, including codings outside any turn or answer.",
    "overlap": "A cell counts the pairs of codings, one of each code, in the same document "
    "whose spans share at least one character. The diagonal (grey) holds the number of codings "
    "of the code. Codes without codings are left out.",
    "turn": "A cell counts the turns or answers (document parts) in which both codes have a "
    "coding touching the part. The diagonal (grey) holds the number of parts with the code. "
    "Codes without codings are left out.",
    "coverage": "For each document: its length in characters, the characters inside at least "
    "one coding (overlapping codings counted once), that share in percent, and its codings.",
    "context": "Counts describe how much of the data a code draws on: context for the reader, "
    "not a measure of how much something matters.",
    "bases": "Every group's header states its base: the documents and participants the group "
    "holds. Participants: the non-facilitators who speak in the group (for a case attribute, "
    "those with the value; otherwise those speaking in the group's documents). Documents: the "
    "group's documents (for a case attribute, those in which someone with the value speaks; "
    "for 'No value', every document). All: every document, and every non-facilitator who "
    "speaks. Extracts have no base, so they get no percentage.",
    "share participants": "A code's participants in a group (N), as a share of the group's "
    "participants (%), and that share in words (the verbal quantifier; bands below).",
    "share documents": "A code's documents in a group (N), as a share of the group's "
    "documents (%).",
}


def grouping_sentence(attribute: str | None, scope: str | None) -> str:
    """How codings are grouped, in one sentence for the About sheet and chart subtitles."""
    if attribute is None:
        return "Not grouped: every count is over the whole project (All)."
    if attribute == KIND_NAME:
        return "By document kind: each coding counts under the kind of its document."
    if scope == "case":
        return (
            f"By the case attribute '{attribute}': each coding counts under the value of the "
            "person speaking in the turn or answer where it starts."
        )
    return (
        f"By the document attribute '{attribute}': each coding counts under its document's value."
    )


def _words_note(by: str | None, top: int, lemma: bool, stop_words: bool) -> str:
    what = "lemmas (dictionary forms: 'children' counts as 'child')" if lemma else "words"
    group = "document kind" if by in (None, KIND, KIND_NAME) else f"'{by}'"
    stops = "stop words ('the', 'and', 'was'...) left out" if not stop_words else "stop words kept"
    return (
        f"The {top} most frequent {what}, lower case, by {group}, with an All total: words "
        f"inside turns and answers (the whole text of documents without any), {stops}, "
        "numbers and times left out."
    )


def _with_codings(c: Cooccurrence) -> pd.DataFrame:
    keep = np.diag(c.matrix.to_numpy()) > 0
    return c.matrix.loc[keep, keep]


def counts_book(
    project: Project,
    by: str | None,
    *,
    words: int = 50,
    lemma: bool = True,
    stop_words: bool = False,
    bands: tuple[Band, ...] = DEFAULT_BANDS,
) -> CountsBook:
    """Everything ``qualcode export counts`` writes, counted (``words=0``: no word counts);
    ``bands``: the thresholds of the verbal quantifiers ("most", "some"...)."""
    with project.read() as s:
        if s.scalar(select(Document.id).limit(1)) is None:
            raise ValidationError(f"{project.path.name} has no documents: nothing to count.")
    freq = code_frequencies(project, by)
    overlap, turn = cooccurrence(project, "overlap"), cooccurrence(project, "turn")
    word_table = None
    notes = [(m.capitalize(), _NOTES[m]) for m in MEASURES] + [(ALL, _NOTES["all"])]
    if NO_VALUE in freq.groups:
        notes.append((NO_VALUE, _NOTES["no value"]))
    notes += [
        ("Bases", _NOTES["bases"]),
        (SHEETS["participants"], _NOTES["share participants"]),
        ("Words for shares", describe(bands)),
        (SHEETS["documents"], _NOTES["share documents"]),
    ]
    notes += [(SHEETS["overlap"], _NOTES["overlap"]), (SHEETS["turn"], _NOTES["turn"])]
    notes.append((SHEETS["coverage"], _NOTES["coverage"]))
    if words > 0:
        word_by = KIND if freq.attribute in (None, KIND_NAME) else freq.attribute
        word_table = word_frequencies(project, word_by, lemma, words, stop_words)
        notes.append((SHEETS["words"], _words_note(freq.attribute, words, lemma, stop_words)))
    notes.append(("Counts are context", _NOTES["context"]))
    return CountsBook(
        project=project.path.stem,
        generated=dt.datetime.now().replace(microsecond=0),
        grouping=grouping_sentence(freq.attribute, freq.scope),
        codes=[CodeLine(c.label, c.name, c.path, c.depth, c.colour) for c in freq.codes],
        frequencies=freq.table,
        overlap=_with_codings(overlap),
        same_turn=_with_codings(turn),
        coverage=coverage(project),
        words=word_table,
        notes=tuple(notes),
        bases={g: (b.documents, b.participants) for g, b in group_bases(project, freq).items()},
        bands=bands,
        sample=sample_overview(project),
    )


@reads_once
def export_counts(
    project: Project,
    out: Path,
    by: str | None,
    *,
    csv: bool = False,
    words: int = 50,
    lemma: bool = True,
    stop_words: bool = False,
    bands: tuple[Band, ...] = DEFAULT_BANDS,
) -> list[Path]:
    """Write the counts workbook to ``out`` (when it ends in .xlsx) and, with ``csv``, one CSV
    per table beside it (``<stem>-<table>.csv``). Returns the files written."""
    out = Path(out)
    xlsx = out.suffix.lower() == ".xlsx"
    if not xlsx and not csv:
        raise ValidationError(f"{out.name}: the counts workbook must end in .xlsx (or use CSV).")
    if not out.parent.is_dir():
        raise ValidationError(f"{out.parent}: no such folder.")
    book = counts_book(project, by, words=words, lemma=lemma, stop_words=stop_words, bands=bands)
    written: list[Path] = []
    if xlsx:
        write_counts_workbook(out, book)
        written.append(out)
    if csv:
        written += write_counts_csv(out, book)
    return written


ChartKind = Literal["codes", "cooccurrence", "coverage"]
COUNTED = {
    "extracts": "codings",
    "documents": "documents with the code",
    "participants": "distinct participants (facilitators excluded)",
}


def code_chart_text(measure: str, attribute: str | None, scope: str | None) -> tuple[str, str]:
    """(title, subtitle) of a code-frequency chart, the same in the app and in files."""
    by = "document kind" if attribute == KIND_NAME else attribute
    title = f"{measure.capitalize()} per code" + (f" by {by}" if by else "")
    return title, f"Bars count {COUNTED[measure]}. {grouping_sentence(attribute, scope)}"


def cooccurrence_text(mode: Mode) -> tuple[str, str, str]:
    """(title, what the colour counts, what a cell means) of a co-occurrence heatmap."""
    if mode == "overlap":
        return (
            "Code co-occurrence: overlapping codings",
            "pairs of overlapping codings",
            "Cell: pairs of codings (one of each code) whose spans overlap. Diagonal: codings.",
        )
    return (
        "Code co-occurrence: same turn or answer",
        "turns or answers with both",
        "Cell: turns or answers where both codes occur. Diagonal: turns with the code.",
    )


def chart(
    project: Project,
    kind: ChartKind,
    fmt: charts.Format = "png",
    *,
    by: str | None = None,
    mode: Mode = "overlap",
    top: int = 30,
    measure: str = "extracts",
) -> bytes:
    """A chart as PNG or SVG bytes: code frequencies by group (the ``top`` codes by total),
    co-occurrence (the ``top`` codes with codings), or coverage per document."""
    if kind == "coverage":
        frame = coverage(project)
        if frame.empty:
            raise ValidationError(f"{project.path.name} has no documents to chart.")
        shown, n = frame.head(charts.MAX_ROWS * 2), len(frame)
        note = f" First {len(shown):,} of {n:,} documents." if len(shown) < n else ""
        return charts.coverage_bars(
            shown,
            title="Coding coverage per document",
            subtitle="Share of each document's characters inside at least one coding." + note,
            fmt=fmt,
        )
    if kind not in ("codes", "cooccurrence"):
        raise ValidationError(f"'{kind}' is not a chart (codes, cooccurrence or coverage).")
    freq = code_frequencies(project, by if kind == "codes" else None)
    if measure not in MEASURES:
        raise ValidationError(f"There is no measure '{measure}' ({', '.join(MEASURES)}).")
    coded = [c for c, n in zip(freq.codes, freq.table[(ALL, "extracts")], strict=True) if n > 0]
    if not coded:
        raise ValidationError(f"{project.path.name} has no codings to chart.")
    limit = charts.MAX_MATRIX if kind == "cooccurrence" else charts.MAX_ROWS
    ids = top_codes(freq, min(top, limit, len(coded)), "extracts" if kind != "codes" else measure)
    if len(ids) < len(coded):
        shown = f"The {len(ids)} codes (of {len(freq.codes)}) with most {measure}."
    else:
        shown = "Codes without codings are left out." if len(coded) < len(freq.codes) else ""
    if kind == "codes":
        rows = [i for i, c in enumerate(freq.codes) if c.id in set(ids)]
        table = freq.measure(measure, total=freq.attribute is None).iloc[rows]
        title, subtitle = code_chart_text(measure, freq.attribute, freq.scope)
        subtitle = f"{subtitle} {shown}"
        colours = [freq.codes[i].colour for i in rows]
        return charts.code_bars(
            table, colours, title=title, subtitle=subtitle.strip(), measure=measure, fmt=fmt
        )
    co = cooccurrence(project, mode, ids)
    title, counted, cell = cooccurrence_text(mode)
    return charts.cooccurrence_heatmap(
        co.matrix,
        title=title,
        subtitle=f"{cell} Empty cells: none. {shown}".strip(),
        counted=counted,
        fmt=fmt,
    )
