"""Code points <-> Qt UTF-16 positions: emoji, astral letters, flags and a property test."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor, QTextDocument

from qualcode.ui.coding.text_positions import PositionMap


def u16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_ascii_is_identity() -> None:
    m = PositionMap("Facilitator: hello\n\nSam: hi")
    assert m.is_identity
    assert [m.to_qt(i) for i in range(5)] == list(range(5))
    assert m.from_qt(7) == 7
    assert m.to_qt(-3) == 0 and m.to_qt(10_000) == m.length


def test_bmp_non_ascii_is_identity() -> None:
    m = PositionMap("café – naïve ☒ “quote”")
    assert m.is_identity
    assert m.to_qt(6) == 6


def test_emoji_shifts_later_positions() -> None:
    text = "a😊b𝔘c"
    m = PositionMap(text)
    assert [m.to_qt(i) for i in range(len(text) + 1)] == [0, 1, 3, 4, 6, 7]
    assert [m.from_qt(q) for q in (0, 1, 3, 4, 6, 7)] == [0, 1, 2, 3, 4, 5]
    assert m.length_u16 == u16(text) == 7


def test_inside_a_surrogate_pair_keeps_the_character_whole() -> None:
    text = "x😊y"
    m = PositionMap(text)
    assert m.from_qt(2) == 1  # a start rounds back to the emoji's start
    assert m.from_qt(2, end=True) == 2  # an end rounds forward past the emoji
    assert m.span_from_qt(2, 2) == (1, 2)
    assert m.span_from_qt(3, 0) == (0, 2)  # either order


def test_flags_are_two_astral_code_points() -> None:
    text = "UK 🇬🇧 and Wales 🏴 ok"
    m = PositionMap(text)
    flag = text.index("🇬🇧")
    assert m.to_qt(flag) == flag
    assert m.to_qt(flag + 1) == flag + 2
    assert m.to_qt(flag + 2) == flag + 4
    ok = text.index("ok")
    assert m.to_qt(ok) == u16(text[:ok])
    assert m.from_qt(m.to_qt(ok)) == ok


def test_matches_qt_document_positions() -> None:
    text = "Facilitator: 😊 hi\n\nSam (00:00:07): 𝔘nusual 🇬🇧 answer"
    m = PositionMap(text)
    doc = QTextDocument()
    doc.setPlainText(text)
    assert doc.characterCount() == m.length_u16 + 1  # plus the final paragraph separator
    word = text.index("answer")
    cursor = QTextCursor(doc)
    cursor.setPosition(m.to_qt(word))
    cursor.setPosition(m.to_qt(word + len("answer")), QTextCursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == "answer"


texts = st.text(
    alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\r"), max_size=60
)


@given(texts, st.data())
def test_round_trip_property(text: str, data: st.DataObject) -> None:
    m = PositionMap(text)
    i = data.draw(st.integers(0, len(text)))
    assert m.to_qt(i) == u16(text[:i])
    assert m.from_qt(m.to_qt(i)) == i
    assert m.from_qt(m.to_qt(i), end=True) == i


@given(texts, st.data())
def test_any_qt_position_maps_to_whole_characters(text: str, data: st.DataObject) -> None:
    m = PositionMap(text)
    q = data.draw(st.integers(0, m.length_u16))
    start, end = m.from_qt(q), m.from_qt(q, end=True)
    assert m.to_qt(start) <= q <= m.to_qt(end)
    assert end - start in (0, 1)
