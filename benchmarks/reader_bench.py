"""Time the document reader on a large synthetic transcript (no project file, no database).

The reader must open a 500,000-character transcript with 3,000 codings in well under a second and
show a new coding in under 100 ms, and scrolling must stay smooth. The synthetic document has
speaker turns (facilitator and participants, some with timestamps), a few emoji (so the UTF-16
conversion takes its slower path) and codings over 50 code colours, many overlapping.

Run ``python -m benchmarks.reader_bench`` for a table; :func:`bench_reader` returns the rows.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time

from PySide6.QtWidgets import QApplication

from qualcode.services.coding.workbench import CodingView, DocumentView, PartView
from qualcode.ui.coding.reader import CodeStyle, ReaderView

WORDS = [
    "support",
    "service",
    "waiting",
    "list",
    "help",
    "drink",
    "drug",
    "family",
    "friends",
    "worker",
    "appointment",
    "time",
    "honestly",
    "think",
    "really",
    "know",
    "people",
    "council",
    "housing",
    "money",
    "travel",
    "bus",
    "stigma",
    "recovery",
    "group",
    "meeting",
    "doctor",
    "GP",
    "prescription",
    "mental",
    "health",
    "trust",
    "staff",
    "talk",
    "listen",
    "week",
    "month",
]
SPEAKERS = ("Facilitator", "Alex", "Sam", "Jo", "Priya", "Tom", "Kayleigh")


def synthetic_document(
    chars: int, codings: int, codes: int = 50, seed: int = 7
) -> tuple[DocumentView, dict[int, CodeStyle]]:
    """A transcript of about ``chars`` characters with ``codings`` random codings."""
    rng = random.Random(seed)
    pieces: list[str] = []
    parts: list[PartView] = []
    length = 0
    turn = 0
    while length < chars:
        speaker = SPEAKERS[0] if turn % 3 == 0 else rng.choice(SPEAKERS[1:])
        stamp = f" ({turn // 60:02d}:{turn % 60:02d}:{rng.randrange(60):02d})" if turn % 2 else ""
        label = f"{speaker}{stamp}: "
        words = [rng.choice(WORDS) for _ in range(rng.randrange(12, 90))]
        if rng.random() < 0.05:
            words.insert(rng.randrange(len(words)), "😊")
        utterance = " ".join(words).capitalize() + "."
        start = length + len(label)
        parts.append(
            PartView(
                turn + 1,
                start,
                start + len(utterance),
                "turn",
                speaker,
                speaker == SPEAKERS[0],
                None,
            )
        )
        piece = label + utterance + "\n\n"
        pieces.append(piece)
        length += len(piece)
        turn += 1
    text = "".join(pieces)
    coded = []
    for i in range(codings):
        part = rng.choice(parts)
        a = rng.randrange(part.start, part.end)
        b = min(len(text), a + rng.randrange(20, 900))
        coded.append(CodingView(i + 1, rng.randrange(1, codes + 1), a, b))
    coded.sort(key=lambda c: (c.start, c.id))
    styles = {
        k: CodeStyle(
            f"Code {k}",
            f"#{rng.randrange(0x40, 0xF0):02X}{rng.randrange(0x40, 0xF0):02X}"
            f"{rng.randrange(0x40, 0xF0):02X}",
        )
        for k in range(1, codes + 1)
    }
    view = DocumentView(1, "Synthetic focus group", "focus_group", text, parts, coded)
    return view, styles


def bench_reader(chars: int = 500_000, codings: int = 3_000) -> list[tuple[str, float, str]]:
    """Open, update and scroll a reader on a synthetic document; rows of (operation, s, note)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    view, styles = synthetic_document(chars, codings)
    reader = ReaderView()
    reader.resize(1000, 800)
    reader.show()
    app.processEvents()
    rows: list[tuple[str, float, str]] = []

    t0 = time.perf_counter()
    reader.set_document(view, styles)
    app.processEvents()
    rows.append(
        (
            "open (set_document)",
            time.perf_counter() - t0,
            f"{len(view.text):,} chars, {len(view.codings):,} codings, {len(view.parts):,} turns",
        )
    )

    t0 = time.perf_counter()
    reader.set_document(view, styles)
    app.processEvents()
    rows.append(("open again (fonts and caches warm)", time.perf_counter() - t0, "same document"))

    rng = random.Random(3)
    current = list(view.codings)
    updates = []
    for n in range(10):
        part = rng.choice(view.parts)
        a = rng.randrange(part.start, part.end)
        current.append(CodingView(100_000 + n, rng.randrange(1, 51), a, min(part.end, a + 200)))
        t0 = time.perf_counter()
        reader.set_codings(current, styles)
        app.processEvents()
        updates.append(time.perf_counter() - t0)
    rows.append(
        (
            "update (set_codings, one coding added)",
            statistics.mean(updates),
            f"mean of 10; max {max(updates) * 1000:.1f} ms",
        )
    )

    bar = reader.edit.verticalScrollBar()
    steps = 50
    t0 = time.perf_counter()
    for i in range(1, steps + 1):
        bar.setValue(bar.maximum() * i // steps)
        app.processEvents()
    rows.append(
        (
            "scroll step (whole document in 50 steps)",
            (time.perf_counter() - t0) / steps,
            "mean per step, repaint included",
        )
    )

    t0 = time.perf_counter()
    target = view.codings[len(view.codings) // 2]
    reader.select_span(target.start, target.end)
    app.processEvents()
    rows.append(("jump to place (select_span)", time.perf_counter() - t0, "mid-document coding"))
    reader.close()
    reader.deleteLater()
    return rows


if __name__ == "__main__":
    for operation, seconds, note in bench_reader():
        print(f"{operation:42} {seconds * 1000:9.1f} ms   {note}")
