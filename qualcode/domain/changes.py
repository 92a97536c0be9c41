"""What one user action changed, as one value every view can read (the idea of Anki's OpChanges).

Every service operation returns a :class:`Changes` beside its undo record; the window emits it on
one signal and each view decides from it whether, and how much, to refresh. Nobody refreshes
panels by hand, so no view can be forgotten.

The value is collected from what actually reached the database (see
:mod:`qualcode.services.undo.tracking`), not declared by each service, so it cannot drift from
what the service did. Kinds are table names; ids are the primary keys touched where they are known.
``None`` for a kind's ids means "some rows of this kind, which ones is not known": a view then
refreshes that kind whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

# Kinds (table names) grouped by what the views show.
CODING = frozenset({"coding"})
DOCUMENTS = frozenset({"document", "part", "question"})
CASES = frozenset({"case", "attribute", "attribute_value"})
MEMOS = frozenset({"memo"})
QUOTES = frozenset({"quote"})
# Bookkeeping no view shows as such: the audit trail and the search index.
UNTRACKED = frozenset({"change_log", "search_unit", "search_document", "search_form"})


@dataclass(frozen=True)
class Changes:
    """The kinds and ids one action touched.

    ``rows``: kind -> ids touched (``None``: unknown which). ``documents`` and ``codes``: the
    documents and codes whose codings changed (``None``: unknown which, so any). ``everything``:
    the whole project may have changed (a project was opened, or files were imported).
    """

    rows: Mapping[str, frozenset[int] | None] = field(default_factory=dict)
    documents: frozenset[int] | None = frozenset()
    codes: frozenset[int] | None = frozenset()
    everything: bool = False

    @classmethod
    def all(cls) -> Changes:
        """Anything may have changed: every view reloads."""
        return cls(everything=True, documents=None, codes=None)

    def touches(self, kinds: Iterable[str]) -> bool:
        """Whether any row of one of ``kinds`` changed."""
        return self.everything or any(k in self.rows for k in kinds)

    def ids(self, kind: str) -> frozenset[int] | None:
        """The ids of ``kind`` touched: empty if none, ``None`` if some but unknown which."""
        if self.everything:
            return None
        if kind not in self.rows:
            return frozenset()
        return self.rows[kind]

    @property
    def coding_only(self) -> bool:
        """Only codings changed (and what hangs off a coding: its memos and quotes).

        The hot path: coding a selection or removing a coding. Views then update just the
        documents and codes named, instead of reloading."""
        return (
            not self.everything
            and "coding" in self.rows
            and set(self.rows) <= CODING | MEMOS | QUOTES
        )

    def __or__(self, other: Changes) -> Changes:
        if self.everything or other.everything:
            return Changes.all()
        rows: dict[str, frozenset[int] | None] = dict(self.rows)
        for kind, ids in other.rows.items():
            mine = rows.get(kind, frozenset())
            rows[kind] = None if mine is None or ids is None else mine | ids
        return Changes(
            rows,
            _union(self.documents, other.documents),
            _union(self.codes, other.codes),
        )


def _union(a: frozenset[int] | None, b: frozenset[int] | None) -> frozenset[int] | None:
    return None if a is None or b is None else a | b


NO_CHANGES = Changes()
