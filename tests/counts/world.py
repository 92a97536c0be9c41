"""A small project built through the import, code and coding services, whose every span the test
knows, and plain-Python counts over those spans (never over the code under test).

Documents are transcripts ("Name: words" lines, a turn per line after the label) plus one field
note without parts; cases carry a case attribute "Role" (one without), documents a document
attribute "Site" (one without). Two codes share the name "Waiting" under different parents.
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS
from sqlalchemy import select

from qualcode.importers.model import ImportBatch, ImportedCase, ImportedDocument, ImportedPart
from qualcode.services.coding import codes, codings
from qualcode.services.documents.imports import import_batches
from qualcode.storage.models import Case, Document
from qualcode.storage.project import Project

PEOPLE = {"Facilitator": "Staff", "Amy": "Peer", "Ben": "Staff", "Cat": None, "Dan": "Peer"}
FACILITATOR = "Facilitator"
SITES = {"D0": "North", "D1": "South", "D2": "North", "D3": None, "D4": "South"}
KINDS = {"D0": "focus_group", "D1": "interview", "D2": "survey", "D3": "field_notes",
         "D4": "focus_group"}  # fmt: skip
VOCAB = ("children", "child", "waiting", "waited", "the", "and", "nurse", "nurses", "was",
         "housing", "went", "go", "Trust", "trusted", "we")  # fmt: skip
CODES = (("Access", None), ("Waiting", "Access"), ("Stigma", None), ("Other", None),
         ("Waiting", "Other"), ("Unused", None))  # fmt: skip


@dataclass(frozen=True)
class Turn:
    start: int
    end: int
    speaker: str | None  # None: a part without a speaker


@dataclass
class World:
    path: Path
    texts: dict[str, str] = field(default_factory=dict)
    turns: dict[str, list[Turn]] = field(default_factory=dict)
    doc_ids: dict[str, int] = field(default_factory=dict)
    case_ids: dict[str, int] = field(default_factory=dict)
    code_ids: list[int] = field(default_factory=list)
    # (document name, code index, start, end) for every coding added
    codings: list[tuple[str, int, int, int]] = field(default_factory=list)

    def speaker_at(self, doc: str, at: int) -> str | None:
        for t in self.turns[doc]:
            if t.start <= at < t.end:
                return t.speaker
        return None


def _transcript(rng: random.Random, lines: int) -> tuple[str, list[Turn]]:
    text, turns = "", []
    names = list(PEOPLE)
    for i in range(lines):
        who = names[rng.randrange(len(names))]
        words = " ".join(rng.choice(VOCAB) for _ in range(rng.randint(2, 9)))
        label = f"{who}: "
        start = len(text) + len(label)
        body = words[:1].upper() + words[1:] + "."
        text += label + body + "\n"
        # one turn in five has no recorded speaker: its words and codings have no person
        turns.append(Turn(start, start + len(body), who if i % 5 != 4 else None))
    return text, turns


def build(path: Path, seed: int = 0) -> World:
    """The documents, cases, attributes and codes (no codings yet)."""
    rng = random.Random(seed)
    w = World(path)
    batch = ImportBatch("world", f"hash-{seed}")
    for name, role in PEOPLE.items():
        attrs = {"Role": role} if role else {}
        batch.cases[name.casefold()] = ImportedCase(name, attrs, name == FACILITATOR)
    for name, kind in KINDS.items():
        if kind == "field_notes":
            text = "Notes. " + " ".join(rng.choice(VOCAB) for _ in range(30)) + ".\n"
            turns: list[Turn] = []
        else:
            text, turns = _transcript(rng, 12)
        w.texts[name], w.turns[name] = text, turns
        parts = [
            ImportedPart(t.start, t.end, "turn", t.speaker.casefold() if t.speaker else None)
            for t in turns
        ]
        site = SITES[name]
        batch.documents.append(
            ImportedDocument(name, kind, text, parts, {"Site": site} if site else {})
        )
    with Project.create(path) as p:
        import_batches(p, [batch])
        made: dict[str, int] = {}
        for name, parent in CODES:
            cid = codes.create_code(p, name, made.get(parent or "")).entity_id or 0
            made.setdefault(name, cid)
            w.code_ids.append(cid)
        with p.read() as s:
            w.doc_ids = {n: i for n, i in s.execute(select(Document.name, Document.id))}
            w.case_ids = {n: i for n, i in s.execute(select(Case.name, Case.id))}
    return w


def add_random_codings(p: Project, w: World, rng: random.Random, n: int) -> None:
    """``n`` codings on random spans (some starting in a speaker label or a line break), with
    the first five codes; "Unused" gets none."""
    by_code: dict[int, list[codings.Span]] = defaultdict(list)
    for _ in range(n):
        doc = rng.choice(list(w.texts))
        length = len(w.texts[doc])
        start = rng.randrange(length - 1)
        end = min(length, start + rng.randint(1, 60))
        code = rng.randrange(5)
        w.codings.append((doc, code, start, end))
        by_code[code].append(codings.Span(w.doc_ids[doc], start, end))
    for code, spans in by_code.items():
        codings.add_codings(p, w.code_ids[code], spans)


# -- plain-Python expectations --------------------------------------------------------------------
def expected_frequencies(
    w: World, scope: str | None
) -> dict[tuple[int, str], tuple[int, int, int]]:
    """(code index, group) → (extracts, documents, participants); group "All" for the totals.
    ``scope``: "case" groups by the speaker's Role, "document" by the document's Site."""
    ext: Counter[tuple[int, str]] = Counter()
    docs: dict[tuple[int, str], set[str]] = defaultdict(set)
    people: dict[tuple[int, str], set[str]] = defaultdict(set)
    for doc, code, start, _end in w.codings:
        who = w.speaker_at(doc, start)
        if scope == "case":
            group = (PEOPLE[who] if who else None) or "No value"
        elif scope == "document":
            group = SITES[doc] or "No value"
        else:
            group = "All"
        for key in {(code, group), (code, "All")}:
            ext[key] += 1
            docs[key].add(doc)
            if who is not None and who != FACILITATOR:
                people[key].add(who)
    keys = set(ext)
    return {k: (ext[k], len(docs[k]), len(people[k])) for k in keys}


def expected_overlap(w: World) -> list[list[int]]:
    n = len(CODES)
    m = [[0] * n for _ in range(n)]
    for i, (d1, c1, s1, e1) in enumerate(w.codings):
        m[c1][c1] += 1
        for d2, c2, s2, e2 in w.codings[i + 1 :]:
            if d1 == d2 and c1 != c2 and s1 < e2 and s2 < e1:
                m[c1][c2] += 1
                m[c2][c1] += 1
    return m


def expected_turn(w: World) -> list[list[int]]:
    n = len(CODES)
    m = [[0] * n for _ in range(n)]
    for doc, turns in w.turns.items():
        for t in turns:
            present = {c for d, c, s, e in w.codings if d == doc and s < t.end and t.start < e}
            for a in present:
                for b in present:
                    m[a][b] += 1
    return m


def expected_coverage(w: World) -> dict[str, tuple[int, int, int]]:
    """Document → (characters, coded characters, codings)."""
    out = {}
    for doc, text in w.texts.items():
        marks = [False] * len(text)
        mine = [c for c in w.codings if c[0] == doc]
        for _d, _c, s, e in mine:
            for i in range(s, e):
                marks[i] = True
        out[doc] = (len(text), sum(marks), len(mine))
    return out


def expected_surface_words(w: World, by: str | None) -> dict[str, Counter[str]]:
    """Lower-case words (letters only) inside turns, or the whole text of a document without
    turns, stop words left out; grouped by None ("All"), "kind", "Role" or "Site"."""
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for doc, text in w.texts.items():
        pieces = [(t.start, t.end, t.speaker) for t in w.turns[doc]] or [(0, len(text), None)]
        for start, end, who in pieces:
            if by is None:
                group = "All"
            elif by == "kind":
                group = KINDS[doc].replace("_", " ").capitalize()
            elif by == "Role":
                group = (PEOPLE[who] if who else None) or "No value"
            else:
                group = SITES[doc] or "No value"
            for word in re.findall(r"[A-Za-z]+", text[start:end]):
                if word.lower() not in STOP_WORDS:
                    out[group][word.lower()] += 1
    return out
