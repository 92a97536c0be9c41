"""Two coders on one document, side by side: each one's codings and where they differ.

The compare view shows the same text twice, one coder's codings on each side, with the passages
where they disagree (one applied a code the other did not) marked on both, so a team can talk
through them. The disagreements come from the same interval arithmetic as the agreement figures
(:mod:`qualcode.analysis.agreement`), at character level.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from qualcode.analysis.agreement import character_units, disagreeing
from qualcode.services.coding.workbench import CodingView, DocumentView, document_view
from qualcode.services.team.coders import code_names
from qualcode.storage.project import Project

DISAGREEMENT = -1  # the pseudo code id the compare view paints disagreements with


@dataclass(frozen=True)
class Difference:
    start: int
    end: int
    code_id: int
    code_name: str
    by_first: bool  # the first coder applied the code here, the second did not


@dataclass(frozen=True)
class Comparison:
    view: DocumentView
    first: list[CodingView]
    second: list[CodingView]
    differences: list[Difference]


def compare_document(project: Project, doc_id: int, first: int, second: int) -> Comparison:
    """Coder ``first``'s and coder ``second``'s codings of one document, and their differences."""
    view = document_view(project, doc_id)
    mine = [c for c in view.codings if c.coder_id == first]
    theirs = [c for c in view.codings if c.coder_id == second]
    spans: dict[int, tuple[list[tuple[int, int]], list[tuple[int, int]]]] = defaultdict(
        lambda: ([], [])
    )
    for c in mine:
        spans[c.code_id][0].append((c.start, c.end))
    for c in theirs:
        spans[c.code_id][1].append((c.start, c.end))
    names = code_names(project, set(spans))
    out: list[Difference] = []
    for code_id, (a, b) in spans.items():
        units = character_units(
            len(view.text),
            [
                np.array(a, dtype=np.int64).reshape(-1, 2),
                np.array(b, dtype=np.int64).reshape(-1, 2),
            ],
        )
        out += [
            Difference(s, e, code_id, names.get(code_id, "?"), who[0])
            for s, e, who in disagreeing(units)
        ]
    out.sort(key=lambda d: (d.start, d.end, d.code_name))
    return Comparison(view, mine, theirs, out)
