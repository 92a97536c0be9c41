"""What a researcher types into the search box, turned into an index filter and a matcher.

A query is one or more alternatives separated by ``OR``; an alternative is a word or a phrase
(quotes optional); ``*`` stands for any letters and ``?`` for one, inside or at the end of a
word. In lemma mode each plain word stands for every form of its lemma seen in the texts
("child" finds "children", "go" finds "went"). In regex mode the query is a regular expression.

The full-text index only narrows the passages to read; the matcher then finds each hit's exact
offsets in the text, so the hits are always what the pattern finds in the text itself. Matching
ignores case. Patterns come from users, so they run on the ``regex`` module with a time limit:
a catastrophic pattern is an error, not a frozen window.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

import regex

from qualcode.analysis.pipeline import analyse
from qualcode.domain.errors import ValidationError

Mode = Literal["words", "lemma", "regex"]
_OR = re.compile(r"\s+OR\s+")
_WORD_CHARS = re.compile(r"[\w*?]")
_APOSTROPHES = "'’‘"
_GAP = r"\W+"
_LEMMA_GAP = r"(?:['’]s)?\W+"  # "children's home" is the lemma phrase "child home"
MAX_ALTERNATIVES = 50
MAX_LENGTH = 2_000  # characters: a pasted paragraph is not a query


@dataclass(frozen=True)
class Compiled:
    """``fts``: a full-text filter (None = read every passage); ``pattern``: the matcher."""

    fts: str | None
    pattern: Any  # a compiled ``regex`` pattern
    terms: list[str]


def _fts_string(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _word_regex(word: str) -> str:
    out = []
    for ch in word:
        if ch == "*":
            out.append(r"\w*")
        elif ch == "?":
            out.append(r"\w")
        elif ch in _APOSTROPHES:
            out.append("['’‘]")
        else:
            out.append(regex.escape(ch))
    return "".join(out)


def _bounded(body: str, first: str, last: str) -> str:
    left = r"(?<!\w)" if _WORD_CHARS.match(first) else ""
    right = r"(?!\w)" if _WORD_CHARS.match(last) else ""
    return left + body + right


def _wild(word: str) -> bool:
    return "*" in word or "?" in word


def _fts_word(word: str, column: str) -> str | None:
    """An index filter for one word: exact, or a prefix up to its first wildcard (None when the
    word starts with a wildcard: the index cannot help)."""
    if not _wild(word):
        return f"{column} : {_fts_string(word)}"
    cut = min(i for i in (word.find("*"), word.find("?")) if i >= 0)
    stem = word[:cut]
    if not re.search(r"\w", stem):
        return None
    return f"{column} : {_fts_string(stem)}*"


def _alternatives(text: str) -> list[str]:
    alts = []
    for alt in _OR.split(text.strip()):
        alt = alt.strip()
        if len(alt) >= 2 and alt[0] in '"“' and alt[-1] in '"”':
            alt = alt[1:-1].strip()  # a quoted phrase: the quotes are not part of it
        if alt:
            alts.append(alt)
    if not alts:
        raise ValidationError("Type a word or phrase to search for.")
    if len(alts) > MAX_ALTERNATIVES:
        raise ValidationError(f"Search for at most {MAX_ALTERNATIVES} alternatives at once.")
    return alts


def _compile(body: str, source: str) -> Any:
    try:
        return regex.compile(body, regex.IGNORECASE | regex.V0)
    except regex.error as exc:
        pos = getattr(exc, "pos", None)
        where = f" at position {pos + 1}" if isinstance(pos, int) else ""
        reason = getattr(exc, "msg", None) or str(exc)
        raise ValidationError(f"The pattern '{source}' is not valid{where}: {reason}.") from None


def compile_query(
    text: str, mode: Mode, forms_of: Callable[[str], Iterable[str]] | None = None
) -> Compiled:
    """Compile a query; ``forms_of(lemma)`` gives the word forms indexed for a lemma."""
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            f"The search is {len(text):,} characters long; keep it under {MAX_LENGTH:,}."
        )
    if mode == "regex":
        if not text.strip():
            raise ValidationError("Type a regular expression to search for.")
        pattern = _compile(text, text)
        if pattern.search(""):
            raise ValidationError(
                f"The pattern '{text}' matches empty text; it would find every position."
            )
        return Compiled(None, pattern, [text])
    bodies: list[str] = []
    filters: list[str | None] = []
    terms: list[str] = []
    for alt in _alternatives(text):
        words = alt.split()
        if mode == "lemma":
            body, flt, shown = _lemma_alternative(words, forms_of)
        else:
            body, flt, shown = _word_alternative(words)
        bodies.append(body)
        filters.append(flt)
        terms += shown
    fts = None if any(f is None for f in filters) else " OR ".join(f"({f})" for f in filters)
    return Compiled(fts, _compile("|".join(f"(?:{b})" for b in bodies), text), terms)


def _word_alternative(words: list[str]) -> tuple[str, str | None, list[str]]:
    body = _bounded(_GAP.join(_word_regex(w) for w in words), words[0][0], words[-1][-1])
    if not any(_wild(w) for w in words):
        return body, f"words : {_fts_string(' '.join(words))}", [" ".join(words)]
    parts = [f for f in (_fts_word(w, "words") for w in words) if f is not None]
    return body, " AND ".join(parts) if parts else None, [" ".join(words)]


def _lemma_alternative(
    words: list[str], forms_of: Callable[[str], Iterable[str]] | None
) -> tuple[str, str | None, list[str]]:
    pieces: list[str] = []
    filters: list[str | None] = []
    shown: list[str] = []
    lemmas: list[str] = []
    for word in words:
        if _wild(word):
            pieces.append(_bounded(_word_regex(word), word[0], word[-1]))
            filters.append(_fts_word(word, "words"))
            shown.append(word)
            continue
        tokens = next(iter(analyse([word])))
        if not tokens:  # punctuation only
            pieces.append(_word_regex(word))
            continue
        group = []
        for tok in tokens:
            forms = {tok.lemma, tok.text.lower(), *(forms_of(tok.lemma) if forms_of else ())}
            ordered = sorted(forms, key=lambda f: (-len(f), f))
            alts = "|".join(_bounded(_word_regex(f), f[0], f[-1]) for f in ordered)
            group.append(f"(?:{alts})")
            lemmas.append(tok.lemma)
            shown += [f for f in sorted(forms) if f not in shown]
        pieces.append(_LEMMA_GAP.join(group))
    body = _LEMMA_GAP.join(pieces)
    if all(not _wild(w) for w in words) and lemmas:
        return body, f"lemmas : {_fts_string(' '.join(lemmas))}", shown
    parts = [f for f in filters if f is not None]
    parts += [f"lemmas : {_fts_string(lemma)}" for lemma in lemmas]
    return body, " AND ".join(parts) if parts else None, shown
