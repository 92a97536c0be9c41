"""Counts and comparisons: code frequencies by group, code co-occurrence, coverage, word counts.

Reads the project here (the SQL lives in services) and counts in :mod:`qualcode.analysis.counts`
(pure functions the tests check against plain loops). Results are dataclasses holding pandas
DataFrames that the GUI, the Excel/CSV writers and the charts all read, so the numbers agree.

Participants follow the one rule of :func:`qualcode.services.themes.theme_counts.evidence_rows`: the
non-facilitator speaker of the turn or answer where the coding starts. Grouping by a case
attribute puts each coding (or each word) under the value of that speaker's case; by a document
attribute, under the document's value; anything without a value goes under "No value".
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd  # type: ignore[import-untyped]
from sqlalchemy import select

from qualcode.analysis import counts as ac
from qualcode.analysis.pipeline import token_arrays, word_for
from qualcode.domain.errors import NotFoundError, ValidationError
from qualcode.domain.values import kind_label
from qualcode.services.coding.overview import document_rows
from qualcode.services.frameworks.matrices import attribute_values
from qualcode.services.themes.theme_counts import evidence_rows
from qualcode.storage.models import Attribute, Code, Coding, Document, Part
from qualcode.storage.project import Project

Mode = Literal["overlap", "turn"]
ALL, NO_VALUE, MEASURES = ac.ALL, ac.NO_VALUE, ac.MEASURES
KIND = "kind"  # by="kind": group by document kind (codes and words)
KIND_NAME = "Document kind"


@dataclass(frozen=True)
class CodeInfo:
    """A code as counted: ``label`` is its name, or its path where two codes share a name."""

    id: int
    name: str
    path: str
    depth: int
    colour: str
    label: str


@dataclass(frozen=True)
class CodeFrequencies:
    """``table``: a row per code (codebook order, indexed by label), columns (group, measure)
    with measures extracts, documents, participants; groups are the attribute's values in
    order, "No value" when some codings have none, then "All"."""

    attribute: str | None
    scope: str | None  # "case" or "document"; None without an attribute
    groups: list[str]
    codes: list[CodeInfo]
    table: pd.DataFrame

    def measure(self, name: str = "extracts", total: bool = True) -> pd.DataFrame:
        """Codes × groups for one measure (without the "All" column unless ``total``)."""
        if name not in MEASURES:
            raise ValidationError(f"There is no measure '{name}' ({', '.join(MEASURES)}).")
        out = self.table.xs(name, axis=1, level="measure")
        if not total and len(self.groups) > 1:
            out = out.drop(columns=ALL)
        return out


@dataclass(frozen=True)
class Cooccurrence:
    """``matrix``: codes × codes (codebook order, indexed by label both ways); see
    :func:`cooccurrence` for what a cell counts."""

    mode: Mode
    codes: list[CodeInfo]
    matrix: pd.DataFrame


def codebook(project: Project, code_ids: Sequence[int] | None = None) -> list[CodeInfo]:
    """The codes (all, or ``code_ids``) in codebook order: parents before their children."""
    with project.read() as s:
        rows = s.execute(
            select(Code.id, Code.name, Code.parent_id, Code.colour).order_by(Code.position, Code.id)
        ).all()
    known = {r[0] for r in rows}
    if code_ids is not None:
        missing = sorted(set(code_ids) - known)
        if missing:
            raise NotFoundError(f"There is no code with id {missing[0]}.")
    wanted = known if code_ids is None else set(code_ids)
    children: dict[int | None, list[tuple[int, str, str]]] = defaultdict(list)
    for cid, name, parent, colour in rows:
        children[parent if parent in known else None].append((cid, name, colour))
    found: list[tuple[int, str, str, int, str]] = []

    def walk(parent: int | None, prefix: str, depth: int) -> None:
        for cid, name, colour in children.get(parent, []):
            path = f"{prefix} / {name}" if prefix else name
            if cid in wanted:
                found.append((cid, name, path, depth, colour))
            walk(cid, path, depth + 1)

    walk(None, "", 0)
    names = Counter(f[1] for f in found)
    return [
        CodeInfo(cid, name, path, depth, colour, name if names[name] == 1 else path)
        for cid, name, path, depth, colour in found
    ]


def _attribute(project: Project, by: str) -> tuple[str, str, list[str], dict[int, str]]:
    """The attribute's name, scope, value labels in order, owner → label. A value that reads
    like a reserved column ("All", "No value") is relabelled so columns never merge."""
    try:
        name, scope, ordered, values = attribute_values(project, by, None)
    except NotFoundError:
        with project.read() as s:
            known = sorted(set(s.scalars(select(Attribute.name))), key=str.casefold)
        listed = ", ".join(f"'{k}'" for k in known[:12]) + (", ..." if len(known) > 12 else "")
        raise NotFoundError(
            f"There is no attribute '{by}'"
            + (f" (attributes: {listed})." if known else " (this project has no attributes).")
        ) from None
    relabel = {v: f"{v} (value)" if v in (ALL, NO_VALUE) else v for v in ordered}
    return name, scope, [relabel[v] for v in ordered], {o: relabel[v] for o, v in values.items()}


def _kinds(project: Project) -> tuple[str, str, list[str], dict[int, str]]:
    """Document kind as a grouping: like a document attribute every document has."""
    with project.read() as s:
        kinds = {d: kind_label(k) for d, k in s.execute(select(Document.id, Document.kind))}
    return KIND_NAME, "document", sorted(set(kinds.values()), key=str.casefold), kinds


def code_frequencies(
    project: Project, by: str | None, code_ids: Sequence[int] | None = None
) -> CodeFrequencies:
    """Extracts, documents and distinct participants per code, by the values of the attribute
    ``by`` (a case attribute goes by the speaker where the coding starts, a document attribute
    by the document; ``"kind"``: by document kind), with an "All" total; ``by=None`` gives the
    "All" column only."""
    codes = codebook(project, code_ids)
    rows = evidence_rows(project, [c.id for c in codes])
    name: str | None = None
    scope: str | None = None
    ordered: list[str] = []
    values: dict[int, str] = {}
    if by == KIND:
        name, scope, ordered, values = _kinds(project)
    elif by is not None:
        name, scope, ordered, values = _attribute(project, by)
    groups: list[str] = []
    persons: list[int | None] = []
    for _coding, _code, doc, case, facilitator in rows:
        persons.append(case if case is not None and not facilitator else None)
        owner = case if scope == "case" else doc
        groups.append(values.get(owner, NO_VALUE) if name and owner is not None else NO_VALUE)
    evidence = pd.DataFrame(
        {
            "coding": pd.Series([r[0] for r in rows], dtype=np.int64),
            "code": pd.Series([r[1] for r in rows], dtype=np.int64),
            "document": pd.Series([r[2] for r in rows], dtype=np.int64),
            "person": pd.Series(persons, dtype="Int64"),
            "group": pd.Series(groups, dtype=object),
        }
    )
    table = ac.group_counts(evidence, [c.id for c in codes], ordered if name else None)
    table.index = pd.Index([c.label for c in codes], name="code")
    out_groups = list(dict.fromkeys(table.columns.get_level_values("group")))
    return CodeFrequencies(name, scope, out_groups, codes, table)


def _frame(rows: Sequence[Sequence[int]], names: Sequence[str]) -> pd.DataFrame:
    """Integer rows as a frame, column by column (pandas walks SQLAlchemy rows ten times slower)."""
    columns = list(zip(*rows, strict=True)) or [()] * len(names)
    return pd.DataFrame({n: np.asarray(c, np.int64) for n, c in zip(names, columns, strict=True)})


def cooccurrence(
    project: Project, mode: Mode = "overlap", code_ids: Sequence[int] | None = None
) -> Cooccurrence:
    """Codes × codes, symmetric. ``overlap``: cell (A, B) = pairs of codings (one of A, one of B)
    in the same document whose spans share a character; diagonal = codings of A. ``turn``: cell
    (A, B) = turns or answers (parts) where A and B both have a coding touching the part;
    diagonal = parts with A."""
    if mode not in ("overlap", "turn"):
        raise ValidationError(f"'{mode}' is not a co-occurrence mode (overlap or turn).")
    codes = codebook(project, code_ids)
    ids = [c.id for c in codes]
    stmt = select(Coding.document_id, Coding.code_id, Coding.start, Coding.end)
    if code_ids is not None:
        stmt = stmt.where(Coding.code_id.in_(sorted(set(ids))))
    with project.read() as s:
        conn = s.connection()
        codings = _frame(conn.execute(stmt).all(), ("document", "code", "start", "end"))
        parts = _frame(
            conn.execute(select(Part.id, Part.document_id, Part.start, Part.end)).all()
            if mode == "turn"
            else [],
            ("part", "document", "start", "end"),
        )
    if mode == "overlap":
        matrix = ac.cooccurrence_overlap(codings, ids)
    else:
        matrix = ac.cooccurrence_turn(codings, parts, ids)
    labels = pd.Index([c.label for c in codes], name="code")
    matrix.index, matrix.columns = labels, labels.rename("with")
    return Cooccurrence(mode, codes, matrix)


def coverage(project: Project) -> pd.DataFrame:
    """A row per document (document order, indexed by id): document, kind, characters, coded
    characters (inside at least one coding), percent (0-100) and codings."""
    rows = document_rows(project)
    ints = np.int64
    frame = pd.DataFrame(
        {
            "document": [r.name for r in rows],
            "kind": [kind_label(r.kind) for r in rows],
            "characters": np.asarray([r.length for r in rows], ints),
            "coded_characters": np.asarray(
                [round(r.coverage * max(r.length, 1)) for r in rows], ints
            ),
            "codings": np.asarray([r.codings for r in rows], ints),
        },
        index=pd.Index(np.asarray([r.id for r in rows], ints), name="document_id"),
    )
    frame.insert(4, "percent", 100.0 * frame["coded_characters"] / frame["characters"].clip(1))
    return frame


def word_frequencies(
    project: Project,
    by: str | None,
    lemma: bool = True,
    top: int = 50,
    stop_words: bool = False,
) -> pd.DataFrame:
    """The ``top`` words by total: a row per word (lemma, or lower-case surface form), a column
    per group and an "All" total. Counts the words inside turns and answers (the whole text of
    a document without any), stop words left out unless ``stop_words``. ``by``: None, "kind"
    (document kind), or an attribute (a case attribute goes by the speaker of each turn)."""
    scope: str | None = None
    ordered: list[str] = []
    values: dict[int, str] = {}
    if by is not None and by != KIND:
        _name, scope, ordered, values = _attribute(project, by)
    with project.read() as s:
        docs = s.execute(
            select(Document.id, Document.kind, Document.text).order_by(
                Document.position, Document.id
            )
        ).all()
        part_rows = s.execute(
            select(Part.document_id, Part.start, Part.end, Part.case_id).order_by(
                Part.document_id, Part.start
            )
        ).all()
    parts: dict[int, list[tuple[int, int, int | None]]] = defaultdict(list)
    for doc_id, start, end, case in part_rows:
        parts[doc_id].append((start, end, case))
    # count token hashes per group with numpy, then turn each distinct hash into a word once
    hashed: dict[str, Counter[int]] = {g: Counter() for g in ordered}

    def add(group: str, orths: np.ndarray) -> None:
        if len(orths):
            uniq, n = np.unique(orths, return_counts=True)
            found = dict(zip(uniq.tolist(), n.tolist(), strict=True))
            hashed.setdefault(group, Counter()).update(found)

    for (doc_id, kind, _text), (starts, orths) in zip(
        docs, token_arrays(d[2] for d in docs), strict=True
    ):
        fixed = ALL if by is None else kind_label(kind) if by == KIND else None
        if fixed is None and scope == "document":
            fixed = values.get(doc_id, NO_VALUE)
        plist = parts.get(doc_id, [])
        if not plist:
            add(fixed if fixed is not None else NO_VALUE, orths)
            continue
        p_starts = np.asarray([p[0] for p in plist], np.int64)
        p_ends = np.asarray([p[1] for p in plist], np.int64)
        at = np.searchsorted(p_starts, starts, "right") - 1
        # a word after a part nested in another (a quote inside a turn) belongs to the
        # enclosing part: the latest-starting part that still runs past it
        reach = np.maximum.accumulate(p_ends)
        widest = np.maximum.accumulate(np.where(p_ends == reach, np.arange(len(p_ends)), 0))
        safe = np.maximum(at, 0)
        at = np.where(starts < p_ends[safe], at, widest[safe])
        inside = (at >= 0) & (starts < reach[safe])  # labels, headings: out
        at, orths = at[inside], orths[inside]
        if fixed is not None:
            add(fixed, orths)
            continue
        names = [
            values.get(case, NO_VALUE) if case is not None else NO_VALUE for _a, _b, case in plist
        ]
        groups = sorted(set(names))
        code = np.asarray([groups.index(n) for n in names], np.int64)[at]
        for i, group in enumerate(groups):
            add(group, orths[code == i])
    counts = ac.words_from_hashes(hashed, lambda h: word_for(h, lemma), stop_words=stop_words)
    if NO_VALUE in counts:  # "No value" goes last
        counts[NO_VALUE] = counts.pop(NO_VALUE)
    if by is None:
        counts.setdefault(ALL, Counter())
    return ac.word_table(counts, top)


def top_codes(freq: CodeFrequencies, n: int, measure: str = "extracts") -> list[int]:
    """The ids of the ``n`` codes with the highest total (codebook order kept among them)."""
    totals = freq.table[(ALL, measure)].to_numpy()
    ranked = sorted(range(len(freq.codes)), key=lambda i: (-int(totals[i]), i))[: max(n, 0)]
    return [freq.codes[i].id for i in sorted(ranked)]
