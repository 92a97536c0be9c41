"""The document reader: highlights on the right characters, selection in code points, margin,
find, speaker styles, fast updates and a rendering that is not blank."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from benchmarks.reader_bench import synthetic_document
from qualcode.services.coding.workbench import CodingView, DocumentView, PartView
from qualcode.ui.coding.reader import CodeStyle, ReaderView, snap_span

TEXT = (
    "Interview 3 😊 recorded at the hub 🇬🇧\n"
    "\n"
    "Facilitator: How did the first visit go? 🎉 Take your time.\n"
    "\n"
    "Sam (00:00:07): It was 𝔘nusual, honestly. Well-being matters, don't you think?\n"
    "\n"
    "Jo: The waiting list was long. The waiting list is still long.\n"
)
STYLES = {
    1: CodeStyle("Waiting", "#3CB44B"),
    2: CodeStyle("Wellbeing", "#4363D8"),
    3: CodeStyle("Feelings", "#E6194B"),
}


def span_of(phrase: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(phrase, start + 1)
    return start, start + len(phrase)


def make_view(codings: list[CodingView]) -> DocumentView:
    parts = []
    for i, (label, facilitator) in enumerate(
        [("Facilitator: ", True), ("Sam (00:00:07): ", False), ("Jo: ", False)]
    ):
        start = TEXT.index(label) + len(label)
        parts.append(
            PartView(i + 1, start, TEXT.index("\n", start), "turn", label[:3], facilitator, None)
        )
    return DocumentView(1, "Interview 3", "interview", TEXT, parts, codings)


@pytest.fixture
def reader(qtbot: QtBot) -> ReaderView:
    widget = ReaderView()
    qtbot.addWidget(widget)
    widget.resize(760, 420)
    with qtbot.waitExposed(widget):
        widget.show()
    return widget


def coloured_ranges(reader: ReaderView) -> list[tuple[int, int]]:
    """Code-point spans of every character with a coding background, from Qt's block layouts."""
    out: list[tuple[int, int]] = []
    block = reader.edit.document().begin()
    while block.isValid():
        for r in block.layout().formats():
            if r.format.background().style() != Qt.BrushStyle.NoBrush:
                a = block.position() + r.start
                out.append(reader.positions.span_from_qt(a, a + r.length))
        block = block.next()
    merged: list[tuple[int, int]] = []
    for a, b in sorted(out):
        if merged and merged[-1][1] == a:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def test_empty_state_then_document(reader: ReaderView) -> None:
    assert reader.document_view is None
    assert reader.placeholder.isVisible()
    assert reader.selected_span() is None
    reader.set_document(make_view([]), STYLES)
    assert reader.edit.isVisible() and not reader.placeholder.isVisible()
    reader.clear()
    assert reader.placeholder.isVisible() and reader.document_view is None


def test_highlight_covers_exactly_the_coded_characters_after_emoji(reader: ReaderView) -> None:
    a, b = span_of("honestly. Well-being")
    c, d = span_of("🎉 Take")  # a span that starts with an astral character
    reader.set_document(make_view([CodingView(10, 2, a, b), CodingView(11, 3, c, d)]), STYLES)
    assert coloured_ranges(reader) == [(c, d), (a, b)]
    assert [TEXT[x:y] for x, y in coloured_ranges(reader)] == ["🎉 Take", "honestly. Well-being"]


def test_a_second_document_replaces_every_highlight(reader: ReaderView) -> None:
    a, b = span_of("The waiting list was long")
    reader.set_document(make_view([CodingView(1, 1, a, b)]), STYLES)
    c, d = span_of("Take your time")
    reader.set_document(make_view([CodingView(1, 1, c, d)]), STYLES)  # same id, other place
    assert coloured_ranges(reader) == [(c, d)]
    reader.set_codings([CodingView(1, 1, c, d), CodingView(2, 2, a, b)], STYLES)
    assert coloured_ranges(reader) == [(c, d), (a, b)]
    reader.set_codings([CodingView(2, 2, a, b)], STYLES)  # removal clears the old highlight
    assert coloured_ranges(reader) == [(a, b)]


def test_overlapping_codings_blend_and_underline(reader: ReaderView) -> None:
    a, b = span_of("The waiting list was long")
    c, d = span_of("list was long. The waiting")
    reader.set_document(make_view([CodingView(1, 1, a, b), CodingView(2, 2, c, d)]), STYLES)
    q = reader.positions.to_qt
    segs = reader.highlighter.segments
    assert segs == [(q(a), q(c), (1,)), (q(c), q(b), (1, 2)), (q(b), q(d), (2,))]
    fmt = reader.highlighter.char_format(0, (1, 2))
    colour = fmt.background().color()
    mean = tuple(round((x + y) / 2) for x, y in ((0x3C, 0x43), (0xB4, 0x63), (0x4B, 0xD8)))
    assert (colour.red(), colour.green(), colour.blue()) == mean
    assert 0.2 < colour.alphaF() < 0.5
    assert fmt.underlineStyle() == fmt.UnderlineStyle.SingleUnderline
    single = reader.highlighter.char_format(0, (1,))
    assert single.underlineStyle() == single.UnderlineStyle.NoUnderline


def test_speaker_labels_bold_and_facilitator_muted(reader: ReaderView) -> None:
    reader.set_document(make_view([]), STYLES)
    doc = reader.edit.document()

    def format_at(phrase: str) -> tuple[bool, bool]:
        q = reader.positions.to_qt(TEXT.index(phrase))
        block = doc.findBlock(q)
        for r in block.layout().formats():
            if r.start <= q - block.position() < r.start + r.length:
                return r.format.fontWeight() >= QFont.Weight.Bold, r.format.fontItalic()
        return False, False

    assert format_at("Sam (00:00:07): ") == (True, False)
    assert format_at("Jo: ") == (True, False)
    assert format_at("Facilitator: ") == (True, True)
    assert format_at("How did") == (False, True)  # facilitator's words: italic
    assert format_at("It was") == (False, False)  # a participant's words: plain
    assert format_at("Interview 3") == (False, False)


def test_turns_get_space_above(reader: ReaderView) -> None:
    reader.set_document(make_view([]), STYLES)
    doc = reader.edit.document()
    blank = doc.findBlockByNumber(1)  # the empty line before the facilitator's turn
    heading = doc.findBlockByNumber(0)
    assert reader.edit.blockBoundingRect(blank).height() > (
        reader.edit.blockBoundingRect(heading).height()
    )


def select_qt(reader: ReaderView, a: int, b: int) -> None:
    cursor = reader.edit.textCursor()
    cursor.setPosition(reader.positions.to_qt(a))
    cursor.setPosition(reader.positions.to_qt(b), QTextCursor.MoveMode.KeepAnchor)
    reader.edit.setTextCursor(cursor)


def test_selection_is_in_code_points_and_snaps_to_words(reader: ReaderView, qtbot: QtBot) -> None:
    reader.set_document(make_view([]), STYLES)
    start = TEXT.index("𝔘nusual") + 3  # inside the word, after an astral letter
    end = TEXT.index("Well-being") + 7  # inside "being"
    with qtbot.waitSignal(reader.selectionChanged):
        select_qt(reader, start, end)
    a, b = span_of("𝔘nusual, honestly. Well-being")
    assert reader.selected_span() == (a, b)
    assert reader.selected_text() == "𝔘nusual, honestly. Well-being"
    reader.snap_to_words = False
    assert reader.selected_span() == (start, end)
    reader.snap_to_words = True
    x, y = span_of(" don't you think?\n")
    select_qt(reader, x, y)
    assert reader.selected_text() == "don't you think"


def test_snap_span_rules() -> None:
    text = "  Well-being, isn't it? -- 'quoted' ... "
    assert text[slice(*snap_span(text, 0, 9) or (0, 0))] == "Well-being"
    assert text[slice(*snap_span(text, 13, 16) or (0, 0))] == "isn't"
    assert text[slice(*snap_span(text, 26, 36) or (0, 0))] == "quoted"
    assert snap_span(text, 0, 2) is None  # only whitespace
    assert text[slice(*snap_span(text, 36, 39) or (0, 0))] == "..."  # punctuation alone stays


def test_select_span_scrolls_to_the_place(qtbot: QtBot) -> None:
    view, styles = synthetic_document(60_000, 200)
    reader = ReaderView()
    qtbot.addWidget(reader)
    reader.resize(700, 400)
    reader.show()
    reader.set_document(view, styles)
    target = view.codings[-1]
    reader.select_span(target.start, target.end)
    assert reader.selected_span() == snap_span(view.text, target.start, target.end)
    rect = reader.edit.cursorRect()
    assert reader.edit.viewport().rect().contains(rect.center())


def test_margin_click_emits_and_selects(reader: ReaderView, qtbot: QtBot) -> None:
    a, b = span_of("The waiting list was long.")
    c, d = span_of("honestly. Well-being matters")
    reader.set_document(make_view([CodingView(7, 1, a, b), CodingView(8, 2, c, d)]), STYLES)
    reader.margin.repaint()
    bars = {c.id: rect for rect, c in reader.margin.bars}
    assert set(bars) == {7, 8}
    with qtbot.waitSignal(reader.codingClicked) as blocker:
        qtbot.mouseClick(reader.margin, Qt.MouseButton.LeftButton, pos=bars[7].center().toPoint())
    assert blocker.args == [7]
    assert reader.selected_span() == (a, b - 1)  # the final full stop is trimmed by snapping
    cursor = reader.edit.textCursor()
    assert reader.positions.span_from_qt(cursor.selectionStart(), cursor.selectionEnd()) == (a, b)
    tip = reader.margin.tooltip_at(bars[8].center().toPoint())
    assert "Wellbeing" in tip and "Waiting" not in tip
    assert reader.margin.coding_at(QPoint(reader.margin.width() - 1, 0)) is None


def test_margin_context_menu_requests_removal(reader: ReaderView, qtbot: QtBot) -> None:
    a, b = span_of("The waiting list was long.")
    reader.set_document(make_view([CodingView(7, 1, a, b)]), STYLES)
    menu = reader.margin.coding_menu(7)
    remove = next(x for x in menu.actions() if x.objectName() == "remove-coding")
    with qtbot.waitSignal(reader.removeCodingRequested) as blocker:
        remove.trigger()
    assert blocker.args == [7]


def test_overlapping_codings_sit_in_separate_lanes(reader: ReaderView) -> None:
    a, b = span_of("The waiting list was long")
    c, d = span_of("list was long. The waiting")
    e, f = span_of("Well-being")
    reader.set_document(
        make_view([CodingView(1, 1, a, b), CodingView(2, 2, c, d), CodingView(3, 3, e, f)]), STYLES
    )
    reader.margin.repaint()
    x = {c.id: rect.x() for rect, c in reader.margin.bars}
    assert x[1] != x[2]
    assert x[3] == min(x.values())
    assert reader.margin.lane_count == 2


def test_find_bar_finds_next_match(reader: ReaderView, qtbot: QtBot) -> None:
    reader.set_document(make_view([]), STYLES)
    with qtbot.waitActive(reader):
        reader.activateWindow()
    reader.edit.setFocus()
    qtbot.keyClick(reader.edit, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert reader.find_bar.isVisible()
    assert reader.find_bar.field.hasFocus()
    qtbot.keyClicks(reader.find_bar.field, "WAITING")
    first, second = span_of("waiting"), span_of("waiting", 1)
    assert reader.selected_span() == first
    assert reader.find_bar.status.text() == "1 of 2"
    reader.find_bar.find_next()
    assert reader.selected_span() == second
    reader.find_bar.find_next()  # wraps around
    assert reader.selected_span() == first
    reader.find_bar.find_previous()
    assert reader.selected_span() == second
    qtbot.keyClick(reader.find_bar.field, Qt.Key.Key_Escape)
    assert not reader.find_bar.isVisible()


def test_plain_keys_reach_window_shortcuts(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    reader = ReaderView(window)
    QVBoxLayout(window).addWidget(reader)
    reader.set_document(make_view([]), STYLES)
    fired: list[str] = []
    for key in ("1", "Q", "I"):
        shortcut = QShortcut(QKeySequence(key), window)
        shortcut.activated.connect(lambda key=key: fired.append(key))
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    reader.edit.setFocus()
    select_qt(reader, *span_of("Jo"))
    for key in (Qt.Key.Key_1, Qt.Key.Key_Q, Qt.Key.Key_I):
        qtbot.keyClick(reader.edit, key)
    assert fired == ["1", "Q", "I"]
    assert reader.selected_text() == "Jo"  # the read-only text is unchanged, selection kept
    assert reader.edit.toPlainText() == TEXT


def test_set_codings_updates_only_what_it_must(qtbot: QtBot) -> None:
    view, styles = synthetic_document(500_000, 3_000)
    reader = ReaderView()
    qtbot.addWidget(reader)
    reader.resize(900, 700)
    reader.show()
    reader.set_document(view, styles)
    part = random.Random(5).choice(view.parts)
    added = CodingView(99_999, 4, part.start, part.start + 40)
    before = reader.highlighter.blocks_highlighted
    t0 = time.perf_counter()
    reader.set_codings([*view.codings, added], styles)
    reader.margin.repaint()
    elapsed = time.perf_counter() - t0
    assert reader.highlighter.blocks_highlighted - before == 1  # the one block it lies in
    assert elapsed < 1.0  # the bench reports real figures; CI machines vary
    a, b = reader.positions.span_to_qt(added.start, added.end)
    assert all(4 in reader.highlighter.codes_at(p) for p in (a, b - 1))
    reader.set_codings(view.codings, styles)  # and away again
    full = reader.highlighter.segments
    reader.highlighter.set_codings(reader._qt_codings([]), styles)
    reader.highlighter.set_codings(reader._qt_codings(view.codings), styles)
    assert reader.highlighter.segments == full  # incremental result equals a full sweep


def test_renders_readably(reader: ReaderView, tmp_path: Path) -> None:
    a, b = span_of("The waiting list was long")
    c, d = span_of("list was long. The waiting")
    e, f = span_of("honestly. Well-being matters")
    reader.set_document(
        make_view([CodingView(1, 1, a, b), CodingView(2, 2, c, d), CodingView(3, 3, e, f)]), STYLES
    )
    image = reader.grab().toImage()
    out = tmp_path / "reader.png"
    assert image.save(str(out))
    colours = {image.pixel(x, y) for x in range(0, image.width(), 3) for y in range(image.height())}
    assert len(colours) > 20
