"""Which files of an import are already in the project, known before anything is written.

An import skips a file whose every document is already stored (same text, compared by content
hash); a file with only some of them is imported whole. The import writes by that rule and the
preview warns by it, so both use the functions here: the user sees "it will be skipped" before
confirming, not only afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from qualcode.importers.model import ImportBatch
from qualcode.services.documents.documents import content_hash, normalise_text
from qualcode.storage.models import Document
from qualcode.storage.project import Project


def stored_names(s: Any, hashes: Sequence[str]) -> dict[str, str]:
    """Content hash -> the name of a stored document with that text, for the hashes stored."""
    if not hashes:
        return {}
    rows = s.execute(
        select(Document.content_hash, Document.name).where(Document.content_hash.in_(hashes))
    )
    return dict(rows.all())


def skipped_as(hashes: Sequence[str], stored: dict[str, str]) -> list[str]:
    """The stored documents a file duplicates when *all* of its documents are stored (it will be
    skipped), else [] (it will be imported)."""
    if hashes and all(h in stored for h in hashes):
        return sorted({stored[h] for h in hashes})
    return []


@dataclass(frozen=True)
class Duplicates:
    """What one file of an import already has in the project."""

    skipped_as: list[str] = field(default_factory=list)  # the whole file: it will be skipped
    # (document in the file, stored document) when only some are stored: imported again
    repeated: list[tuple[str, str]] = field(default_factory=list)


def find_duplicates(project: Project, batches: Sequence[ImportBatch]) -> list[Duplicates]:
    """For each batch, what of it is already in the project (one read; nothing is written)."""
    texts = [[content_hash(normalise_text(d.text)) for d in b.documents] for b in batches]
    with project.read() as s:
        stored = stored_names(s, sorted({h for hashes in texts for h in hashes}))
    out = []
    for batch, hashes in zip(batches, texts, strict=True):
        whole = skipped_as(hashes, stored)
        repeated = (
            []
            if whole
            else [
                (d.name, stored[h])
                for d, h in zip(batch.documents, hashes, strict=True)
                if h in stored
            ]
        )
        out.append(Duplicates(whole, repeated))
    return out
