"""Deterministic synthetic projects for ``qualcode bench`` (and scale tests).

Bulk Core inserts, not the per-action services: populating 10 million words must take seconds,
not hours. The text looks like focus-group turns so later benchmarks (search, readers) see
realistic shapes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlalchemy import insert

from qualcode.services.documents.documents import content_hash
from qualcode.storage.models import Case, Code, Coding, Document, Part, new_guid, utcnow
from qualcode.storage.project import Project

_VOCAB = [
    "the",
    "and",
    "to",
    "of",
    "a",
    "i",
    "it",
    "was",
    "that",
    "you",
    "in",
    "they",
    "we",
    "but",
    "so",
    "like",
    "just",
    "people",
    "what",
    "there",
    "support",
    "service",
    "treatment",
    "recovery",
    "family",
    "children",
    "drugs",
    "alcohol",
    "help",
    "housing",
    "stigma",
    "worker",
    "staff",
    "waiting",
    "list",
    "access",
    "trust",
    "felt",
    "feel",
    "know",
    "think",
    "really",
    "because",
    "when",
    "then",
    "money",
    "benefits",
    "police",
    "court",
    "prison",
    "mental",
    "health",
    "anxiety",
    "depression",
    "friends",
    "community",
    "group",
    "meeting",
    "naloxone",
    "harm",
    "reduction",
    "needle",
    "exchange",
    "methadone",
    "script",
    "clinic",
    "gp",
    "nurse",
    "appointment",
    "letter",
    "phone",
    "call",
    "bus",
    "town",
    "centre",
    "estate",
    "hostel",
    "street",
    "night",
    "day",
    "week",
    "years",
    "went",
    "go",
    "going",
    "came",
    "come",
    "said",
    "say",
    "told",
    "ask",
    "asked",
    "nobody",
    "everyone",
    "someone",
    "nothing",
    "always",
    "never",
    "sometimes",
    "better",
    "worse",
    "hard",
    "easy",
    "safe",
    "scared",
    "angry",
    "tired",
    "hope",
    "hopeful",
    "change",
    "children's",
    "mother's",
    "brother",
    "sister",
    "partner",
    "kids",
    "school",
    "job",
    "training",
    "volunteer",
    "peer",
]


@dataclass(frozen=True)
class Scale:
    documents: int
    words_per_document: int
    speakers: int
    codes: int
    codings: int
    import_files: int = 0
    import_words: int = 10_000


PRESETS: dict[str, Scale] = {
    "tiny": Scale(10, 500, 4, 20, 200, import_files=5, import_words=2_000),
    "small": Scale(100, 2_000, 20, 100, 5_000, import_files=50),
    "medium": Scale(500, 5_000, 100, 500, 50_000, import_files=200),
    "large": Scale(2_000, 5_000, 400, 1_000, 200_000, import_files=1_000),
}


def _document(
    rng: random.Random, words: int, speakers: list[str]
) -> tuple[str, list[tuple[int, int, int]]]:
    """Text of ``words`` words in speaker turns, and its turns as (start, end, speaker index)."""
    pieces: list[str] = []
    turns: list[tuple[int, int, int]] = []
    offset = 0
    left = words
    while left > 0:
        n = min(left, rng.randint(20, 160))
        who = rng.randrange(len(speakers))
        body = " ".join(rng.choices(_VOCAB, k=n)).capitalize() + "."
        line = f"{speakers[who]}: {body}\n\n"
        start = offset + len(speakers[who]) + 2
        turns.append((start, start + len(body), who))
        pieces.append(line)
        offset += len(line)
        left -= n
    return "".join(pieces), turns


def transcript_text(seed: int, words: int) -> str:
    """A plain-text focus group of about ``words`` words in ~100-word turns, for import benches."""
    rng = random.Random(seed)
    speakers = ["Facilitator"] + [f"Participant {i}" for i in range(1, 7)]
    lines = [f"Focus group {seed}", ""]
    left = words
    while left > 0:
        n = min(left, rng.randint(60, 140))
        who = rng.choice(speakers)
        lines += [f"{who}: " + " ".join(rng.choices(_VOCAB, k=n)).capitalize() + ".", ""]
        left -= n
    return "\n".join(lines)


def populate(project: Project, scale: Scale, seed: int = 1) -> None:
    """Fill an empty project with documents, turns, speakers (cases), codes and codings."""
    rng = random.Random(seed)
    now = utcnow()
    names = [f"P{i:03d}" for i in range(1, scale.speakers + 1)]
    with project.session() as s:
        s.execute(
            insert(Case),
            [
                {"id": i + 1, "guid": new_guid(), "name": n, "is_facilitator": i == 0}
                for i, n in enumerate(names)
            ],
        )
        codes = []
        for i in range(scale.codes):
            parent = rng.randint(1, i) if i >= 10 and rng.random() < 0.7 else None
            codes.append(
                {
                    "id": i + 1,
                    "guid": new_guid(),
                    "name": f"Code {i + 1}",
                    "parent_id": parent,
                    "colour": "#4363D8",
                    "position": i,
                    "definition": "",
                    "inclusion": "",
                    "exclusion": "",
                    "created_at": now,
                }
            )
        if codes:
            s.execute(insert(Code), codes)
        lengths: list[int] = []
        part_id = 0
        for d in range(scale.documents):
            body, turns = _document(rng, scale.words_per_document, names)
            s.execute(
                insert(Document),
                [
                    {
                        "id": d + 1,
                        "guid": new_guid(),
                        "name": f"Transcript {d + 1:04d}",
                        "kind": "focus_group",
                        "text": body,
                        "content_hash": content_hash(body),
                        "word_count": scale.words_per_document,
                        "char_count": len(body),
                        "imported_at": now,
                        "position": d,
                    }
                ],
            )
            parts = []
            for start, end, who in turns:
                part_id += 1
                parts.append(
                    {
                        "id": part_id,
                        "document_id": d + 1,
                        "kind": "turn",
                        "start": start,
                        "end": end,
                        "case_id": who + 1,
                        "speaker_label": names[who],
                    }
                )
            s.execute(insert(Part), parts)
            lengths.append(len(body))
        batch = []
        for i in range(scale.codings if scale.codes and scale.documents else 0):
            d = rng.randrange(scale.documents)
            start = rng.randrange(max(1, lengths[d] - 400))
            end = min(lengths[d], start + rng.randint(20, 400))
            batch.append(
                {
                    "id": i + 1,
                    "guid": new_guid(),
                    "document_id": d + 1,
                    "code_id": rng.randint(1, scale.codes),
                    "start": start,
                    "end": end,
                    "created_at": now,
                }
            )
            if len(batch) == 20_000:
                s.execute(insert(Coding), batch)
                batch = []
        if batch:
            s.execute(insert(Coding), batch)
