"""Counts in words: "1 code", "3 codes", "12,400 codings".

Every count a user reads (window, dialogs, status bar, command line) goes through here, so no
message says "1 places" or "under 1 codes", and no one writes ``document(s)``. English only;
the plural is passed in, since many of ours are not a plain "s" ("turns or answers", "quotes").
"""

from __future__ import annotations


def noun(n: int, one: str, many: str | None = None) -> str:
    """The word alone, singular for exactly one: for a count shown apart (``<b>3</b> places``)."""
    return one if n == 1 else (many if many is not None else one + "s")


def plural(n: int, one: str, many: str | None = None) -> str:
    """``n`` with a thousands separator and the right form of the word: ``plural(1, "code",
    "codes")`` is "1 code", ``plural(12400, "coding")`` is "12,400 codings"."""
    return f"{n:,} {noun(n, one, many)}"
