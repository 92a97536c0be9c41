"""Fuzzy matching for pickers such as Quick Code: type a few letters, find the code.

A query matches when its letters appear in order in the candidate (spaces in the query only mark
where a new word should begin). Among matches, the best alignment is found by dynamic
programming, rewarding letters at word starts and runs of consecutive letters and penalising gaps,
so "wd" and "wait del" both find "Waiting and delays" ahead of "Crowded". For code paths
("Parent › Child") letters in the last segment count a little more, since people type the name
of the code they want rather than of its parent. Pure Python, no Qt: tested on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

SEPARATOR = "›"

MATCH = 1.0
WORD_START = 2.0
FIRST_CHAR = 0.5  # extra on top of WORD_START for the candidate's very first letter
CONSECUTIVE = 1.5
WANTED_START = 1.0  # a letter typed after a space that lands on a word start (or misses one)
LAST_SEGMENT = 0.5
GAP_OPEN = 1.0
GAP_EXTEND = 0.05
LEADING_GAP = 0.02
SUBSTRING = 3.0
EXACT = 10.0
LENGTH = 0.005

_NONE = float("-inf")


@dataclass(frozen=True, slots=True)
class Match:
    index: int  # position in the candidates given to :func:`rank`
    text: str
    score: float


def _is_word_start(text: str, j: int) -> bool:
    if j == 0:
        return True
    before, here = text[j - 1], text[j]
    if not before.isalnum():
        return here.isalnum()
    return here.isupper() and before.islower()  # camelCase


def _at_word_start(phrase: str, text: str) -> bool:
    """True when ``phrase`` occurs in ``text`` (ignoring case) beginning at a word start."""
    lowered = text.lower()
    j = lowered.find(phrase)
    while j >= 0:
        if _is_word_start(text, j):
            return True
        j = lowered.find(phrase, j + 1)
    return False


def _query_letters(query: str) -> tuple[str, list[bool]]:
    letters: list[str] = []
    wanted: list[bool] = []
    after_space = False
    for ch in query.lower():
        if ch.isspace():
            after_space = bool(letters)
            continue
        letters.append(ch)
        wanted.append(after_space)
        after_space = False
    return "".join(letters), wanted


def _bounds(letters: str, text: str) -> tuple[list[int], list[int]] | None:
    """Earliest and latest position each letter can take, or None when it is no subsequence."""
    lo: list[int] = []
    j = -1
    for ch in letters:
        j = text.find(ch, j + 1)
        if j < 0:
            return None
        lo.append(j)
    hi = [0] * len(letters)
    j = len(text)
    for i in range(len(letters) - 1, -1, -1):
        j = text.rfind(letters[i], 0, j)
        hi[i] = j
    return lo, hi


def fuzzy_score(query: str, candidate: str) -> float | None:
    """How well ``query`` matches ``candidate`` (higher is better), or None for no match.

    An empty query matches everything with 0. Matching ignores case.
    """
    letters, wanted = _query_letters(query)
    if not letters:
        return 0.0
    text = candidate.lower()
    bounds = _bounds(letters, text)
    if bounds is None:
        return None
    lo, hi = bounds
    leaf = candidate.rfind(SEPARATOR) + 1
    n = len(text)
    prev: list[float] = []
    for i, ch in enumerate(letters):
        cur = [_NONE] * n
        running = _NONE  # max over k <= j-2 of prev[k] + GAP_EXTEND * k
        k_next = 0
        for j in range(lo[i], hi[i] + 1):
            if text[j] != ch:
                continue
            start = _is_word_start(candidate, j)
            gain = MATCH
            if start:
                gain += WORD_START + (FIRST_CHAR if j == 0 else 0.0)
            if wanted[i]:
                gain += WANTED_START if start else -WANTED_START
            if j >= leaf:
                gain += LAST_SEGMENT
            if i == 0:
                cur[j] = gain - LEADING_GAP * j
                continue
            while k_next <= j - 2:
                if prev[k_next] != _NONE:
                    running = max(running, prev[k_next] + GAP_EXTEND * k_next)
                k_next += 1
            best = prev[j - 1] + CONSECUTIVE if j > 0 and prev[j - 1] != _NONE else _NONE
            if running != _NONE:
                best = max(best, running - GAP_OPEN - GAP_EXTEND * (j - 1))
            if best != _NONE:
                cur[j] = gain + best
        prev = cur
    score = max(prev)
    if score == _NONE:
        return None
    phrase = " ".join(query.lower().split())
    name = text[leaf:].strip()
    if phrase == name or phrase == text.strip():
        score += EXACT
    elif _at_word_start(phrase, candidate[leaf:]):
        score += SUBSTRING
    elif _at_word_start(phrase, candidate):
        score += SUBSTRING / 2
    return score - LENGTH * n


def rank(query: str, candidates: Sequence[str], limit: int | None = None) -> list[Match]:
    """Candidates that match, best first; ties keep the given order. Empty query: all, in order."""
    matches: list[Match] = []
    for i, text in enumerate(candidates):
        score = fuzzy_score(query, text)
        if score is not None:
            matches.append(Match(i, text, score))
    if query.strip():
        matches.sort(key=lambda m: (-m.score, m.index))
    return matches[:limit] if limit is not None else matches
