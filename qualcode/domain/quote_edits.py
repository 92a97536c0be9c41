"""The rule for editing a quote: the edited version may cut words, never add them unmarked.

Reports quote participants lightly edited for readability: a cut is shown as ``[...]``, an
insertion or a clarification in square brackets (``[the service]``, ``[T]hey``). What a reader
takes for the participant's own words, everything outside brackets, must be the participant's
words, in the order they said them. So every word outside brackets must appear in the verbatim
extract, in order; words may be left out (a cut) and capitals may change (a quote that now begins
mid-sentence). A word glued to a bracket (``[T]hey``, ``walk[ing]``) may be the part of a verbatim
word the bracket leaves.

Plain Python, so the editor can check as the researcher types and the service enforces the same
rule before it writes. Matching is greedy, earliest first, which finds an ordered match whenever
one exists.
"""

from __future__ import annotations

import re

CUT = "[...]"
_BRACKETED = re.compile(r"\[[^\[\]]*\]")
_WORD = re.compile(r"\w+(?:'\w+)*")
_GLUE = "\x00"  # stands in for a bracketed group while the words outside are read


def _words(text: str) -> list[str]:
    return [m.group().casefold() for m in _WORD.finditer(text.replace("’", "'"))]


def quote_edit_problem(verbatim: str, edited: str) -> str | None:
    """Why ``edited`` is not an acceptable edit of ``verbatim`` (one line), or None if it is.

    An empty edit is acceptable: it means "quote the verbatim text"."""
    if not edited.strip():
        return None
    outside = _BRACKETED.sub(_GLUE, edited.replace("’", "'"))
    if "[" in outside or "]" in outside:
        return "A square bracket is not closed: write insertions as [text] and cuts as [...]."
    source = _words(verbatim)
    known = set(source)
    j = 0
    for m in _WORD.finditer(outside):
        word = m.group().casefold()
        after_bracket = m.start() > 0 and outside[m.start() - 1] == _GLUE
        before_bracket = m.end() < len(outside) and outside[m.end()] == _GLUE
        while j < len(source) and not _fits(word, source[j], after_bracket, before_bracket):
            j += 1
        if j == len(source):
            shown = m.group()
            if word in known:
                return (
                    f"'{shown}' is out of order: words outside square brackets must keep the "
                    "order they were said in."
                )
            return (
                f"'{shown}' is not in the verbatim extract: put added words in square "
                "brackets, e.g. [the service]."
            )
        j += 1
    return None


def _fits(word: str, spoken: str, after_bracket: bool, before_bracket: bool) -> bool:
    if word == spoken:
        return True
    if after_bracket and before_bracket:
        return word in spoken
    if after_bracket:
        return spoken.endswith(word)
    if before_bracket:
        return spoken.startswith(word)
    return False
