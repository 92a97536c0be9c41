"""The installed Qt binding must not lose references to None or True.

PySide6-Essentials 6.12.0 on Python 3.11 dropped one reference per void call or signal emit, and
the interpreter aborted after a few thousand ("deallocating None"); pyproject.toml excludes it.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QRectF, Signal


class _Emitter(QObject):
    ping = Signal(bool)


def test_void_calls_and_emits_keep_none_and_true_alive() -> None:
    rect, emitter = QRectF(), _Emitter()
    emitter.ping.connect(lambda _flag: None)
    before = (sys.getrefcount(None), sys.getrefcount(True))
    for _ in range(2_000):
        rect.setHeight(1.0)
        emitter.ping.emit(True)
    after = (sys.getrefcount(None), sys.getrefcount(True))
    assert after[0] >= before[0] - 50 and after[1] >= before[1] - 50
