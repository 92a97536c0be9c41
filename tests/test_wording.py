"""Counts read as English: one helper for every "n things" the window and the CLI print."""

from __future__ import annotations

from qualcode.domain.wording import noun, plural


def test_one_is_singular_everything_else_plural_with_thousands() -> None:
    assert plural(1, "code", "codes") == "1 code"
    assert plural(3, "code", "codes") == "3 codes"
    assert plural(0, "place") == "0 places"
    assert plural(12_400, "coding") == "12,400 codings"
    assert plural(1, "priority", "priorities") == "1 priority"
    assert plural(2, "priority", "priorities") == "2 priorities"
    assert noun(1, "turn or answer", "turns or answers") == "turn or answer"
    assert noun(5, "turn or answer", "turns or answers") == "turns or answers"
