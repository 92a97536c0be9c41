"""Inter-coder agreement between chosen coders, per code and overall, with the disagreements.

Optional by design: reflexive thematic analysis does not need coder agreement (Braun & Clarke
argue that codes are the researcher's interpretation, not something to be made reliable), so the
window and the export say so; teams that follow a coding-reliability approach get the figures.

What is compared: the documents that *every* chosen coder coded at least once (a document one
coder has not reached yet would count all the other's codings as disagreements); those left out
are named. Units are characters (segments standing for their characters, see
:mod:`qualcode.analysis.agreement`) or turns and answers (parts of kind turn/answer). "Overall"
pools every code's units, as if each code-unit pair were one yes/no decision.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from qualcode.analysis import agreement as calc
from qualcode.domain.errors import ValidationError
from qualcode.domain.wording import plural
from qualcode.services.team.agreement_data import load
from qualcode.services.team.coders import CoderRow, coder_rows, coders_by_name
from qualcode.storage.project import Project

Unit = Literal["character", "turn"]
LISTED = 5_000  # disagreements listed; the rest are counted

CAUTION = (
    "Coder agreement is optional. Braun & Clarke's reflexive thematic analysis does not need it: "
    "coding there is the researcher's interpretation, and a second coder enriches it rather than "
    "checks it. These figures are for teams that follow a coding-reliability approach, and the "
    "disagreements are listed so the team can discuss them."
)


@dataclass(frozen=True)
class CodeAgreement:
    code_id: int | None  # None: all codes pooled
    code_name: str
    figures: calc.Figures


@dataclass(frozen=True)
class Disagreement:
    document_id: int
    document_name: str
    start: int
    end: int
    excerpt: str
    code_id: int
    code_name: str
    applied_by: tuple[str, ...]
    not_by: tuple[str, ...]


@dataclass
class AgreementResult:
    coders: list[CoderRow]
    unit: Unit
    documents: list[str]  # compared
    left_out: list[str]  # not coded by every chosen coder
    codes: list[CodeAgreement]
    overall: CodeAgreement
    disagreements: list[Disagreement] = field(default_factory=list)
    disagreement_count: int = 0
    notes: list[str] = field(default_factory=list)


def _choose(project: Project, names: list[str] | None) -> list[CoderRow]:
    if names:
        coders = coders_by_name(project, names)
    else:
        coders = [r for r in coder_rows(project) if r.codings > 0]
    if len(coders) < 2:
        found = ", ".join(r.name for r in coders) or "none"
        raise ValidationError(
            f"Agreement needs two coders who have coded something (coders with codings: {found})."
        )
    return coders


def agreement(
    project: Project, coders: list[str] | None = None, unit: Unit = "character"
) -> AgreementResult:
    """Agreement between ``coders`` (names; default every coder with codings)."""
    if unit not in ("character", "turn"):
        raise ValidationError(f"Unknown unit '{unit}': use character or turn.")
    chosen = _choose(project, coders)
    ids = [c.id for c in chosen]
    data = load(project, ids, unit)
    per_code: dict[int, list[calc.Units]] = defaultdict(list)
    raw: list[tuple[int, int, int, int, tuple[bool, ...]]] = []  # doc, code, start, end, who
    weighted = unit == "character"
    for doc_id in data.compared:
        by_code = data.codings.get(doc_id, {})
        for code_id in data.code_names:
            spans = by_code.get(code_id, {})
            per_coder = [np.array(spans.get(cid, []), dtype=np.int64).reshape(-1, 2) for cid in ids]
            if unit == "character":
                units = calc.character_units(data.lengths[doc_id], per_coder)
            else:
                turns = np.array(data.turns.get(doc_id, []), dtype=np.int64).reshape(-1, 2)
                units = calc.turn_units(turns, per_coder)
            per_code[code_id].append(units)
            if spans:
                raw += [
                    (doc_id, code_id, a, b, who) for a, b, who in calc.disagreeing(units, weighted)
                ]
    codes = [
        CodeAgreement(
            cid, name, calc.figures(calc.concat(per_code[cid], len(ids)), weighted=weighted)
        )
        for cid, name in data.code_names.items()
    ]
    pooled = calc.concat([u for cid in data.code_names for u in per_code[cid]], len(ids))
    overall = CodeAgreement(None, "All codes", calc.figures(pooled, weighted=weighted))
    result = AgreementResult(
        chosen,
        unit,
        [data.doc_names[d] for d in data.compared],
        [data.doc_names[d] for d in data.left_out],
        codes,
        overall,
        disagreement_count=len(raw),
    )
    names = [c.name for c in chosen]
    texts = data.excerpts(project, [(d, a, b) for d, _c, a, b, _w in raw[:LISTED]])
    for (doc_id, code_id, a, b, who), text in zip(raw[:LISTED], texts, strict=True):
        result.disagreements.append(
            Disagreement(
                doc_id,
                data.doc_names[doc_id],
                a,
                b,
                text,
                code_id,
                data.code_names[code_id],
                tuple(n for n, yes in zip(names, who, strict=True) if yes),
                tuple(n for n, yes in zip(names, who, strict=True) if not yes),
            )
        )
    _notes(result)
    return result


def _notes(result: AgreementResult) -> None:
    notes = result.notes
    if result.left_out:
        notes.append(
            f"{plural(len(result.left_out), 'document')} left out: not coded by every chosen "
            f"coder ({', '.join(result.left_out[:10])}{'…' if len(result.left_out) > 10 else ''})."
        )
    if not result.documents:
        notes.append("No document was coded by every chosen coder: nothing to compare.")
    if len(result.coders) != 2:
        notes.append("Cohen's kappa compares two coders: choose exactly two to see it.")
    if result.disagreement_count > len(result.disagreements):
        notes.append(
            f"The first {len(result.disagreements):,} of "
            f"{plural(result.disagreement_count, 'disagreement')} are listed."
        )
    unit = "characters" if result.unit == "character" else "turns and answers"
    notes.append(
        f"Units: {unit}. Percentage agreement counts the units where every coder agrees "
        "(including where nobody applied the code); 'All codes' pools every code's units."
    )
